package io.millrace.stream.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.stream.Aggregation;
import io.millrace.api.stream.DerivedFeature;
import io.millrace.api.stream.EventField;
import io.millrace.api.stream.FeatureSet;
import io.millrace.api.stream.FeatureSpec;
import io.millrace.api.stream.FeatureWindow;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch/stream parity: a generated history streamed through the engine in arrival order gives, for
 * every entity, exactly the features that the compiled DuckDB SQL computes from the same events.
 */
class FeatureParityTest {
  static final Duration GRACE = Duration.ofHours(1);
  static EventHistory history;
  static Connection db;

  @BeforeAll
  static void load(@TempDir Path dir) throws Exception {
    history = EventHistory.generate(42, 300, 6);
    db = Parity.duckdb();
    history.load(db, dir);
  }

  /** Every aggregation over every window kind, on numbers, integers, text and timestamps. */
  static FeatureSet everyAggregationAndWindow() {
    List<FeatureWindow> windows = List.of(FeatureWindow.lifetime(),
        new FeatureWindow.Tumbling(Duration.ofHours(1)),
        new FeatureWindow.Hopping(Duration.ofHours(2), Duration.ofMinutes(20)),
        new FeatureWindow.Trailing(Duration.ofDays(1)),
        new FeatureWindow.Trailing(Duration.ofMinutes(30)));
    List<String[]> aggs = List.of(new String[] {"COUNT", null}, new String[] {"COUNT", "amount"},
        new String[] {"COUNT_DISTINCT", "page"}, new String[] {"COUNT_DISTINCT", "event_type"},
        new String[] {"SUM", "amount"}, new String[] {"SUM", "quantity"},
        new String[] {"AVG", "amount"}, new String[] {"AVG", "quantity"},
        new String[] {"MIN", "amount"}, new String[] {"MAX", "page"}, new String[] {"MAX", "timestamp"},
        new String[] {"FIRST", "page"}, new String[] {"FIRST", "amount"},
        new String[] {"LAST", "quantity"}, new String[] {"LAST", "event_type"});
    List<FeatureSpec> specs = new ArrayList<>();
    for (int w = 0; w < windows.size(); w++) {
      for (String[] a : aggs) {
        String name = a[0].toLowerCase() + "_" + (a[1] == null ? "all" : a[1]) + "_w" + w;
        specs.add(new FeatureSpec(name, Aggregation.valueOf(a[0]), a[1], null, windows.get(w)));
      }
    }
    for (Duration gap : List.of(Duration.ofMinutes(30), Duration.ofMinutes(5))) {
      FeatureWindow s = new FeatureWindow.Session(gap);
      specs.add(new FeatureSpec("sessions_" + gap.toMinutes(), Aggregation.SESSION_COUNT, null, null, s));
      specs.add(new FeatureSpec("session_length_" + gap.toMinutes(), Aggregation.AVG_SESSION_LENGTH,
          null, null, s));
    }
    return new FeatureSet(specs, List.of(), List.of());
  }

  /** Filters (NULL-valued ones too), aggregated event fields and derived features, per window. */
  static FeatureSet filtersFieldsAndDerived() {
    FeatureWindow hop = new FeatureWindow.Hopping(Duration.ofHours(1), Duration.ofMinutes(30));
    FeatureWindow day = new FeatureWindow.Trailing(Duration.ofDays(1));
    FeatureWindow hour = new FeatureWindow.Tumbling(Duration.ofHours(1));
    FeatureWindow life = FeatureWindow.lifetime();
    List<FeatureSpec> specs = List.of(
        new FeatureSpec("big_purchases", Aggregation.COUNT, null, "amount > 250", life),
        new FeatureSpec("big_value_day", Aggregation.SUM, "amount", "amount > 250", day),
        new FeatureSpec("not_big", Aggregation.COUNT, null, "NOT (amount > 250)", hop),
        new FeatureSpec("cart_items_hour", Aggregation.SUM, "quantity", "event_type = 'add_to_cart'", hour),
        new FeatureSpec("evening_pages", Aggregation.COUNT_DISTINCT, "page", "hour_of_day >= 18", day),
        new FeatureSpec("latest_hour", Aggregation.MAX, "hour_of_day", null, hop),
        new FeatureSpec("weekdays", Aggregation.COUNT_DISTINCT, "day_of_week", null, life),
        new FeatureSpec("first_big", Aggregation.FIRST, "amount", "is_big", life),
        new FeatureSpec("last_cart_qty", Aggregation.LAST, "quantity", "event_type <> 'purchase'", day),
        new FeatureSpec("purchase_sessions", Aggregation.SESSION_COUNT, null,
            "event_type IN ('add_to_cart', 'purchase')", new FeatureWindow.Session(Duration.ofHours(2))),
        new FeatureSpec("purchase_session_length", Aggregation.AVG_SESSION_LENGTH, null,
            "event_type IN ('add_to_cart', 'purchase')", new FeatureWindow.Session(Duration.ofHours(2))));
    List<EventField> fields = List.of(
        new EventField("hour_of_day", "hour(timestamp)"),
        new EventField("day_of_week", "isodow(timestamp) - 1"),
        new EventField("is_big", "amount > 250"),
        new EventField("price", "amount / quantity"));
    List<DerivedFeature> derived = List.of(
        new DerivedFeature("big_share", "big_purchases / greatest(weekdays, 1)"),
        new DerivedFeature("value_or_zero", "coalesce(big_value_day, 0) + cart_items_hour"),
        new DerivedFeature("flag", "CASE WHEN latest_hour > 12 THEN 'pm' ELSE 'am' END"));
    return new FeatureSet(specs, derived, fields);
  }

  @Test
  void filtersEventFieldsAndDerivedFeaturesEqualTheBatchSql() throws Exception {
    FeatureEngine engine = FeatureEngine.create(filtersFieldsAndDerived(), EventHistory.COLUMNS, GRACE);
    Parity p = new Parity().stream(engine, history);
    FeatureSql sql = FeatureSql.of(engine);
    Parity.assertSame(p.values(engine, null),
        Parity.query(db, sql.latest(Parity.EVENTS), engine.types()));
  }

  @Test
  void everyAggregationOverEveryWindowEqualsTheBatchSql() throws Exception {
    FeatureEngine engine = FeatureEngine.create(everyAggregationAndWindow(), EventHistory.COLUMNS, GRACE);
    Parity p = new Parity().stream(engine, history);
    assertThat(p.late).as("late events in the history").isGreaterThan(10);
    assertThat(p.states).hasSize(300);

    FeatureSql sql = FeatureSql.of(engine);
    Parity.assertSame(p.values(engine, null),
        Parity.query(db, sql.latest(Parity.EVENTS), engine.types()));

    Instant end = history.events.stream().map(EventHistory.Event::time).max(Instant::compareTo).orElseThrow();
    for (Instant asOf : List.of(end, end.plus(Duration.ofMinutes(50)), end.plus(Duration.ofHours(20)))) {
      Map<Long, Map<String, Object>> stream = p.values(engine, asOf);
      Parity.assertSame(stream, Parity.query(db, sql.asOf(Parity.EVENTS, asOf), engine.types()));
    }
  }
}
