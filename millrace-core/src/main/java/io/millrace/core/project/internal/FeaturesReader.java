package io.millrace.core.project.internal;

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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a stream job's {@code features:} and {@code scoring:} sections.
 *
 * <pre>
 * features:
 *   event_fields: {hour_of_day: "hour(timestamp)"}
 *   aggregates:
 *     event_count: count
 *     total_value: {agg: sum(amount), filter: "event_type = 'purchase'"}
 *     recent_activity_7d: {agg: count, window: {trailing: 7d}}
 *     total_sessions: {agg: session_count, window: {session: 30m}}
 *   derived: {avg_value_per_event: "total_value / greatest(event_count, 1)"}
 * scoring:
 *   weights: {event_count: 0.1}
 *   thresholds: {high: 0.7, medium: 0.3}
 *   default: low
 * </pre>
 */
final class FeaturesReader {
  private static final Pattern AGG = Pattern.compile("\\s*([a-z_]+)\\s*(?:\\(\\s*([A-Za-z_][A-Za-z0-9_]*)?\\s*\\))?\\s*");

  private FeaturesReader() {}

  static FeatureSet features(YNode node) {
    if (node == null) {
      return null;
    }
    Map<String, YNode> f = node.fields("event_fields", "aggregates", "derived");
    List<EventField> events = new ArrayList<>();
    entries(f.get("event_fields")).forEach((k, v) -> events.add(v.at(() -> new EventField(k, v.text()))));
    List<FeatureSpec> aggregates = new ArrayList<>();
    entries(f.get("aggregates")).forEach((k, v) -> aggregates.add(aggregate(k, v)));
    List<DerivedFeature> derived = new ArrayList<>();
    entries(f.get("derived")).forEach((k, v) -> derived.add(v.at(() -> new DerivedFeature(k, v.text()))));
    return node.at(() -> new FeatureSet(aggregates, derived, events));
  }

  static ScoringSpec scoring(YNode node) {
    if (node == null) {
      return null;
    }
    Map<String, YNode> f = node.fields("weights", "thresholds", "default", "model");
    Map<String, Double> weights = new LinkedHashMap<>();
    entries(f.get("weights")).forEach((k, v) -> weights.put(k, v.number(-Double.MAX_VALUE)));
    List<Threshold> thresholds = new ArrayList<>();
    entries(f.get("thresholds")).forEach((k, v) -> thresholds.add(new Threshold(k, v.number(-Double.MAX_VALUE))));
    thresholds.sort(Comparator.comparingDouble(Threshold::above).reversed());
    String label = f.containsKey("default") ? f.get("default").text().trim() : "default";
    String model = f.containsKey("model") ? f.get("model").text().trim() : null;
    return node.at(() -> new ScoringSpec(weights, thresholds, label, model));
  }

  private static Map<String, YNode> entries(YNode node) {
    return node == null ? Map.of() : node.entries();
  }

  private static FeatureSpec aggregate(String name, YNode node) {
    Map<String, YNode> f = node.isMap() ? node.fields("agg", "filter", "window") : Map.of("agg", node);
    YNode agg = f.get("agg");
    if (agg == null) {
      throw node.error("%s needs 'agg' (e.g. count, sum(amount))", node.path());
    }
    Matcher m = AGG.matcher(agg.text());
    Aggregation fn = m.matches() ? aggregation(m.group(1)) : null;
    if (fn == null) {
      throw agg.error("%s must be an aggregation such as count, count(x), count_distinct(x), sum(x), avg(x), "
          + "min(x), max(x), first(x), last(x), session_count, avg_session_length; found '%s'", agg.path(), agg.text());
    }
    String filter = f.containsKey("filter") ? f.get("filter").text() : null;
    FeatureWindow window = f.containsKey("window") ? window(f.get("window")) : FeatureWindow.lifetime();
    return node.at(() -> new FeatureSpec(name, fn, m.group(2), filter, window));
  }

  private static Aggregation aggregation(String word) {
    for (Aggregation a : Aggregation.values()) {
      if (a.name().equalsIgnoreCase(word)) {
        return a;
      }
    }
    return null;
  }

  /** {@code {lifetime: true}}, {@code {tumbling: 1m}}, {@code {hopping: {size, advance}}}, {@code {trailing: 7d}}, {@code {session: 30m}}. */
  private static FeatureWindow window(YNode node) {
    if (node.isScalar() && node.text().trim().toLowerCase(Locale.ROOT).equals("lifetime")) {
      return FeatureWindow.lifetime();
    }
    Map<String, YNode> f = node.fields("lifetime", "tumbling", "hopping", "trailing", "session");
    if (f.size() != 1) {
      throw node.error("%s needs exactly one of lifetime, tumbling, hopping, trailing, session", node.path());
    }
    String kind = f.keySet().iterator().next();
    YNode v = f.get(kind);
    return v.at(() -> switch (kind) {
      case "tumbling" -> new FeatureWindow.Tumbling(v.duration());
      case "trailing" -> new FeatureWindow.Trailing(v.duration());
      case "session" -> new FeatureWindow.Session(v.duration());
      case "hopping" -> hopping(v);
      default -> FeatureWindow.lifetime();
    });
  }

  private static FeatureWindow hopping(YNode node) {
    Map<String, YNode> f = node.fields("size", "advance");
    if (!f.containsKey("size") || !f.containsKey("advance")) {
      throw node.error("%s needs size and advance", node.path());
    }
    Duration size = f.get("size").duration();
    return new FeatureWindow.Hopping(size, f.get("advance").duration());
  }
}
