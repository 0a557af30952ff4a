package io.millrace.stream.features;

import io.millrace.api.stream.Aggregation;
import io.millrace.api.stream.DerivedFeature;
import io.millrace.api.stream.EventField;
import io.millrace.api.stream.FeatureSet;
import io.millrace.api.stream.FeatureSpec;
import io.millrace.api.stream.FeatureWindow;
import io.millrace.api.stream.ScoringSpec;
import io.millrace.api.stream.Threshold;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The recsys example's user features and scoring (issue 6, point 10), as the stream job declares them. */
final class Recsys {
  static final List<String> TYPES = List.of("page_view", "click", "add_to_cart", "purchase");

  static FeatureSet features() {
    FeatureWindow life = FeatureWindow.lifetime();
    FeatureWindow session = new FeatureWindow.Session(Duration.ofMinutes(30));
    List<FeatureSpec> aggregates = new ArrayList<>(List.of(
        new FeatureSpec("event_count", Aggregation.COUNT, null, null, life),
        new FeatureSpec("unique_event_types", Aggregation.COUNT_DISTINCT, "event_type", null, life),
        new FeatureSpec("purchase_value", Aggregation.SUM, "amount", "event_type = 'purchase'", life),
        new FeatureSpec("total_sessions", Aggregation.SESSION_COUNT, null, null, session),
        new FeatureSpec("avg_session_length", Aggregation.AVG_SESSION_LENGTH, null, null, session),
        new FeatureSpec("recent_activity_7d", Aggregation.COUNT, null, null,
            new FeatureWindow.Trailing(Duration.ofDays(7)))));
    List<DerivedFeature> derived = new ArrayList<>(List.of(
        new DerivedFeature("total_value", "coalesce(purchase_value, 0.0)"),
        new DerivedFeature("avg_value_per_event", "total_value / greatest(event_count, 1)")));
    for (String type : TYPES) {
      aggregates.add(new FeatureSpec(type + "_count", Aggregation.COUNT, null,
          "event_type = '" + type + "'", life));
      derived.add(new DerivedFeature(type + "_ratio", type + "_count / greatest(event_count, 1)"));
    }
    List<EventField> fields = List.of(
        new EventField("is_purchase_event", "event_type = 'purchase'"),
        new EventField("hour_of_day", "hour(timestamp)"),
        new EventField("day_of_week", "isodow(timestamp) - 1"));
    return new FeatureSet(aggregates, derived, fields);
  }

  static ScoringSpec scoring() {
    Map<String, Double> weights = new LinkedHashMap<>();
    weights.put("event_count", 0.1);
    weights.put("unique_event_types", 0.2);
    weights.put("total_value", 0.001);
    weights.put("is_purchase_event", 0.5);
    return ScoringSpec.rules(weights, List.of(new Threshold("high_value_user", 0.7),
        new Threshold("medium_value_user", 0.3)), "low_value_user");
  }
}
