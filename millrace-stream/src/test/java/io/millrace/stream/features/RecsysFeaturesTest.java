package io.millrace.stream.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.millrace.api.LogicalType;
import io.millrace.api.stream.ScoringSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recsys user features: values, labels, and parity with the batch SQL. */
class RecsysFeaturesTest {
  final FeatureEngine engine =
      FeatureEngine.create(Recsys.features(), EventHistory.COLUMNS, Duration.ofHours(1));
  final Scorer scorer = Scorers.create(Recsys.scoring(), engine.types(), getClass().getClassLoader());

  static Map<String, Object> event(String type, Double amount, String time) {
    Map<String, Object> e = new HashMap<>();
    e.put("user_id", 17L);
    e.put("event_type", type);
    e.put("amount", amount);
    e.put("timestamp", LocalDateTime.ofInstant(Instant.parse(time), ZoneOffset.UTC));
    return e;
  }

  FeatureState feed(FeatureState s, Map<String, Object> e) {
    return engine.update(s, e, ((LocalDateTime) e.get("timestamp")).toInstant(ZoneOffset.UTC));
  }

  @Test
  void computesTheRecsysFeaturesOfOneUser() {
    FeatureState s = null;
    s = feed(s, event("page_view", null, "2025-01-15T13:00:00Z"));   // a Wednesday
    s = feed(s, event("click", null, "2025-01-15T13:10:00Z"));
    s = feed(s, event("page_view", null, "2025-01-15T14:00:00Z"));   // 50 min later: new session
    Map<String, Object> purchase = event("purchase", 42.5, "2025-01-15T13:35:12.345Z");
    s = feed(s, purchase);                                             // out of order: joins both

    Map<String, Object> v = engine.values(s);
    assertThat(v).containsEntry("event_count", 4L).containsEntry("unique_event_types", 3L)
        .containsEntry("total_value", 42.5).containsEntry("avg_value_per_event", 42.5 / 4)
        .containsEntry("total_sessions", 1L).containsEntry("avg_session_length", 4.0)
        .containsEntry("recent_activity_7d", 4L)
        .containsEntry("page_view_count", 2L).containsEntry("purchase_count", 1L)
        .containsEntry("page_view_ratio", 0.5).containsEntry("add_to_cart_ratio", 0.0)
        // event fields of the latest event (14:00, a page view)
        .containsEntry("is_purchase_event", false).containsEntry("hour_of_day", 14L)
        .containsEntry("day_of_week", 2L);

    Map<String, Object> scored = engine.valuesForEvent(s, purchase);
    assertThat(scored).containsEntry("is_purchase_event", true).containsEntry("hour_of_day", 13L);
    Score score = scorer.score(scored);
    assertThat(score.score()).isEqualTo(0.1 * 4 + 0.2 * 3 + 0.001 * 42.5 + 0.5);
    assertThat(score.label()).isEqualTo("high_value_user");
    assertThat(score.confidence()).isEqualTo(1.0);
  }

  @Test
  void labelsByThresholdsWithConfidenceFromTheNearestOne() {
    Map<String, Object> f = new HashMap<>(Map.of("event_count", 0L, "unique_event_types", 0L,
        "total_value", 0.0, "is_purchase_event", false));
    Score low = scorer.score(f);
    assertThat(low.label()).isEqualTo("low_value_user");
    assertThat(low.confidence()).isCloseTo(0.5 + 0.5 * 0.3 / 0.4, within(1e-12));

    f.put("total_value", 300.0);   // 0.3 exactly: not above 0.3
    assertThat(scorer.score(f).label()).isEqualTo("low_value_user");
    assertThat(scorer.score(f).confidence()).isEqualTo(0.5);

    f.put("total_value", 500.0);   // 0.5: medium, 0.2 from both thresholds
    Score medium = scorer.score(f);
    assertThat(medium.label()).isEqualTo("medium_value_user");
    assertThat(medium.confidence()).isCloseTo(0.75, within(1e-12));

    f.put("is_purchase_event", true);   // 1.0: high
    assertThat(scorer.score(f).label()).isEqualTo("high_value_user");
    f.put("total_value", null);         // NULL counts 0: 0.5
    assertThat(scorer.score(f).label()).isEqualTo("medium_value_user");
  }

  @Test
  void aFirstPageViewIsJustAboveTheMediumThresholdInDoubleArithmetic() {
    // 0.1 * 1 + 0.2 * 1 is 0.30000000000000004 in IEEE doubles, so it is "above 0.3", as in the seed
    FeatureState s = feed(null, event("page_view", null, "2025-01-15T13:00:00Z"));
    Score score = scorer.score(engine.values(s));
    assertThat(score.score()).isEqualTo(0.30000000000000004);
    assertThat(score.label()).isEqualTo("medium_value_user");
  }

  @Test
  void recsysFeaturesEqualTheBatchSql(@TempDir Path dir) throws Exception {
    EventHistory history = EventHistory.generate(7, 200, 10);
    Parity p = new Parity().stream(engine, history);
    try (Connection db = Parity.duckdb()) {
      history.load(db, dir);
      FeatureSql sql = FeatureSql.of(engine);
      Parity.assertSame(p.values(engine, null), Parity.query(db, sql.latest(Parity.EVENTS), engine.types()));
      Instant asOf = Instant.parse("2025-01-24T00:00:00Z");
      Parity.assertSame(p.values(engine, asOf), Parity.query(db, sql.asOf(Parity.EVENTS, asOf), engine.types()));
    }
  }

  @Test
  void refusesWeightsOnUnknownOrTextFeatures() {
    Map<String, LogicalType> types = engine.types();
    assertThatThrownBy(() -> Scorers.create(ScoringSpec.rules(Map.of("event_cout", 1.0), List.of(), "x"),
        types, getClass().getClassLoader()))
        .hasMessage("Cannot score with feature event_cout: no such feature (did you mean event_count?)");
  }

  /** A model plug-in: scores by the purchase count. */
  public static final class PurchaseModel implements Scorer {
    @Override
    public Score score(Map<String, Object> features) {
      long purchases = (Long) features.get("purchase_count");
      return new Score(purchases > 0 ? "buyer" : "browser", purchases, 0.9);
    }
  }

  @Test
  void loadsAModelPluginByClassName() {
    ScoringSpec spec = new ScoringSpec(Map.of(), List.of(), "browser", PurchaseModel.class.getName());
    Scorer model = Scorers.create(spec, engine.types(), getClass().getClassLoader());
    FeatureState s = feed(null, event("purchase", 10.0, "2025-01-15T13:00:00Z"));
    assertThat(model.score(engine.values(s))).isEqualTo(new Score("buyer", 1, 0.9));

    ScoringSpec missing = new ScoringSpec(Map.of(), List.of(), "x", "com.example.NoSuchModel");
    assertThatThrownBy(() -> Scorers.create(missing, engine.types(), getClass().getClassLoader()))
        .hasMessage("Cannot use model class com.example.NoSuchModel: not found on the class path");
  }
}
