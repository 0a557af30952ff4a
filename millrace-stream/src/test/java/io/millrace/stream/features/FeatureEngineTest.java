package io.millrace.stream.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.stream.Aggregation;
import io.millrace.api.stream.FeatureSet;
import io.millrace.api.stream.FeatureSpec;
import io.millrace.api.stream.FeatureWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureEngineTest {
  static final Map<String, LogicalType> COLUMNS = columns();

  static Map<String, LogicalType> columns() {
    Map<String, LogicalType> c = new LinkedHashMap<>();
    c.put("user_id", LogicalType.BIGINT);
    c.put("event_type", LogicalType.VARCHAR);
    c.put("amount", LogicalType.DOUBLE);
    c.put("quantity", LogicalType.INTEGER);
    c.put("page", LogicalType.VARCHAR);
    return c;
  }

  static Instant at(String hhmm) {
    return Instant.parse("2025-01-15T" + hhmm + ":00Z");
  }

  static Map<String, Object> ev(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static FeatureEngine engine(Duration grace, FeatureSpec... specs) {
    return FeatureEngine.create(new FeatureSet(List.of(specs), List.of(), List.of()), COLUMNS, grace);
  }

  static FeatureSpec spec(String name, Aggregation agg, String column, FeatureWindow window) {
    return new FeatureSpec(name, agg, column, null, window);
  }

  @Test
  void lifetimeAggregationsSkipNullsAndBreakTiesByArrival() {
    FeatureWindow life = FeatureWindow.lifetime();
    FeatureEngine e = engine(Duration.ofDays(1),
        spec("n", Aggregation.COUNT, null, life),
        spec("n_amount", Aggregation.COUNT, "amount", life),
        spec("total", Aggregation.SUM, "amount", life),
        spec("mean", Aggregation.AVG, "amount", life),
        spec("low", Aggregation.MIN, "amount", life),
        spec("high", Aggregation.MAX, "amount", life),
        spec("first_amount", Aggregation.FIRST, "amount", life),
        spec("last_amount", Aggregation.LAST, "amount", life),
        spec("pages", Aggregation.COUNT_DISTINCT, "page", life),
        spec("items", Aggregation.SUM, "quantity", life),
        spec("mean_items", Aggregation.AVG, "quantity", life));
    FeatureState s = null;
    s = e.update(s, ev("amount", 5.0, "page", "/a", "quantity", 1), at("10:00"));
    s = e.update(s, ev("amount", 2.5, "page", "/b", "quantity", 2), at("09:00"));
    s = e.update(s, ev("page", "/a"), at("11:00"));
    s = e.update(s, ev("amount", 7.0, "quantity", 2), at("10:00"));

    Map<String, Object> v = e.values(s);
    assertThat(v).containsEntry("n", 4L).containsEntry("n_amount", 3L)
        .containsEntry("total", 14.5).containsEntry("mean", 14.5 / 3)
        .containsEntry("low", 2.5).containsEntry("high", 7.0)
        .containsEntry("first_amount", 2.5).containsEntry("last_amount", 7.0)
        .containsEntry("pages", 2L).containsEntry("items", 5L).containsEntry("mean_items", 5.0 / 3);
    assertThat(s.latestEventTime()).contains(at("11:00"));
  }

  @Test
  void emptyEntityHasZeroCountsAndNulls() {
    FeatureEngine e = engine(Duration.ZERO,
        spec("n", Aggregation.COUNT, null, FeatureWindow.lifetime()),
        spec("total", Aggregation.SUM, "amount", FeatureWindow.lifetime()));
    Map<String, Object> v = e.values(null);
    assertThat(v.get("n")).isEqualTo(0L);
    assertThat(v).containsKey("total");
    assertThat(v.get("total")).isNull();
  }

  @Test
  void tumblingWindowIsTheCurrentOneUpToAsOf() {
    FeatureEngine e = engine(Duration.ofMinutes(30),
        spec("n", Aggregation.COUNT, null, new FeatureWindow.Tumbling(Duration.ofHours(1))),
        spec("total", Aggregation.SUM, "amount", new FeatureWindow.Tumbling(Duration.ofHours(1))));
    FeatureState s = e.update(null, ev("amount", 1.0), at("10:05"));
    s = e.update(s, ev("amount", 2.0), at("10:50"));
    assertThat(e.values(s)).containsEntry("n", 2L).containsEntry("total", 3.0);
    s = e.update(s, ev("amount", 4.0), at("11:10"));
    assertThat(e.values(s)).containsEntry("n", 1L).containsEntry("total", 4.0);
    s = e.update(s, ev("amount", 8.0), at("10:55"));   // in grace, but in a past window
    assertThat(e.values(s)).containsEntry("n", 1L).containsEntry("total", 4.0);
    assertThat(e.values(s, at("12:30"))).containsEntry("n", 0L).containsEntry("total", null);
  }

  @Test
  void hoppingWindowIsTheOldestOneContainingAsOf() {
    FeatureWindow hop = new FeatureWindow.Hopping(Duration.ofHours(1), Duration.ofMinutes(15));
    FeatureEngine e = engine(Duration.ofHours(1), spec("n", Aggregation.COUNT, null, hop),
        spec("low", Aggregation.MIN, "amount", hop));
    FeatureState s = null;
    double amount = 10;
    for (String t : List.of("10:00", "10:20", "10:40", "11:05")) {
      s = e.update(s, ev("amount", amount--), at(t));
    }
    // as of 11:05 the oldest window holding it is [10:15, 11:15)
    assertThat(e.values(s)).containsEntry("n", 3L).containsEntry("low", 7.0);
    s = e.update(s, ev("amount", 1.0), at("10:16"));   // out of order, within grace
    assertThat(e.values(s)).containsEntry("n", 4L).containsEntry("low", 1.0);
    // as of 11:20: [10:30, 11:30)
    assertThat(e.values(s, at("11:20"))).containsEntry("n", 2L).containsEntry("low", 7.0);
  }

  @Test
  void trailingPeriodExcludesItsStartAndIncludesAsOf() {
    FeatureWindow week = new FeatureWindow.Trailing(Duration.ofDays(7));
    FeatureEngine e = engine(Duration.ofDays(7), spec("n", Aggregation.COUNT, null, week),
        spec("total", Aggregation.SUM, "amount", week),
        spec("first_amount", Aggregation.FIRST, "amount", week));
    FeatureState s = e.update(null, ev("amount", 1.0), Instant.parse("2025-01-01T00:00:00Z"));
    s = e.update(s, ev("amount", 2.0), Instant.parse("2025-01-03T00:00:00Z"));
    s = e.update(s, ev("amount", 4.0), Instant.parse("2025-01-08T00:00:00Z"));
    assertThat(e.values(s)).containsEntry("n", 2L).containsEntry("total", 6.0)
        .containsEntry("first_amount", 2.0);
    s = e.update(s, ev("amount", 8.0), Instant.parse("2025-01-02T00:00:00Z"));   // late, in grace
    assertThat(e.values(s)).containsEntry("n", 3L).containsEntry("total", 14.0)
        .containsEntry("first_amount", 8.0);
    assertThat(e.values(s, Instant.parse("2025-01-10T00:00:00Z"))).containsEntry("n", 1L);
  }

  /**
   * Thousands of events, many out of order within the grace period, some late: the trailing count,
   * sum and first equal a fold over every accepted event at every step, also through the state's
   * bytes, while the state holds only the period's events.
   */
  @Test
  void trailingPeriodForgetsExactlyWhatLeftItAlsoOutOfOrder() {
    FeatureWindow hour = new FeatureWindow.Trailing(Duration.ofHours(1));
    FeatureEngine e = engine(Duration.ofMinutes(10), spec("n", Aggregation.COUNT, null, hour),
        spec("total", Aggregation.SUM, "amount", hour), spec("first_amount", Aggregation.FIRST, "amount", hour));
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    java.util.List<long[]> accepted = new java.util.ArrayList<>();   // {micros, amount}
    FeatureState s = null;
    long clock = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli() * 1000;
    long latest = Long.MIN_VALUE;
    for (int i = 0; i < 4000; i++) {
      clock += random.nextLong(90_000_000);   // up to 90 s
      long t = random.nextInt(4) == 0 ? clock - random.nextLong(12 * 60_000_000L) : clock;   // some out of order
      long amount = random.nextLong(100);
      s = e.update(s, ev("amount", (double) amount), Instant.EPOCH.plus(Duration.ofNanos(t * 1000)));
      if (latest == Long.MIN_VALUE || t >= latest - 10 * 60_000_000L) {
        accepted.add(new long[] {t, amount});
        latest = Math.max(latest, t);
      }
      if (i % 7 == 0) {
        s = e.fromBytes(e.toBytes(s));
      }
      long n = 0;
      double total = 0;
      Double first = null;
      long firstTime = Long.MAX_VALUE;
      for (long[] a : accepted) {
        if (a[0] > latest - 3_600_000_000L) {
          n++;
          total += a[1];
          if (a[0] < firstTime) {
            firstTime = a[0];
            first = (double) a[1];
          }
        }
      }
      assertThat(e.values(s)).as("after event %d", i).containsEntry("n", n).containsEntry("total", n == 0 ? null : total)
          .containsEntry("first_amount", first);
    }
    // an hour of events ~45 s apart: about 80 entries in each of the three periods (2,254 bytes
    // measured), not 4000 (over 40 kB)
    assertThat(e.toBytes(s).length).isLessThan(4000);
  }

  @Test
  void sessionsSplitOnGapsStrictlyLongerThanTheGapAndMergeOnOutOfOrderEvents() {
    FeatureWindow session = new FeatureWindow.Session(Duration.ofMinutes(30));
    FeatureEngine e = engine(Duration.ofHours(2), spec("sessions", Aggregation.SESSION_COUNT, null, session),
        spec("length", Aggregation.AVG_SESSION_LENGTH, null, session));
    assertThat(e.values(null)).containsEntry("sessions", 0L).containsEntry("length", null);
    FeatureState s = null;
    for (String t : List.of("10:00", "10:20", "10:50", "11:21")) {   // 30 min: same; 31 min: new
      s = e.update(s, ev(), at(t));
    }
    assertThat(e.values(s)).containsEntry("sessions", 2L).containsEntry("length", 2.0);
    s = e.update(s, ev(), at("11:05"));   // bridges both
    assertThat(e.values(s)).containsEntry("sessions", 1L).containsEntry("length", 5.0);
    s = e.update(s, ev(), at("13:00"));
    s = e.update(s, ev(), at("15:30"));   // closes the first two sessions (beyond grace + gap)
    assertThat(e.values(s)).containsEntry("sessions", 3L).containsEntry("length", 7.0 / 3);
    FeatureState copy = e.fromBytes(e.toBytes(s));
    assertThat(e.values(copy)).isEqualTo(e.values(s));
  }

  @Test
  void lateEventsBeyondGraceChangeNothing() {
    FeatureEngine e = engine(Duration.ofHours(1),
        spec("n", Aggregation.COUNT, null, FeatureWindow.lifetime()));
    FeatureState s = e.update(null, ev(), at("12:00"));
    assertThat(e.isLate(s, at("11:00"))).isFalse();
    assertThat(e.isLate(s, at("10:59"))).isTrue();
    s = e.update(s, ev(), at("10:00"));
    assertThat(e.values(s)).containsEntry("n", 1L);
    assertThat(s.lateEvents()).isEqualTo(1);
    assertThat(s.acceptedEvents()).isEqualTo(1);
  }

  @Test
  void countDistinctIsExactUpToItsCap() {
    FeatureSet set = new FeatureSet(List.of(FeatureSpec.lifetime("pages", Aggregation.COUNT_DISTINCT,
        "page")), List.of(), List.of());
    FeatureEngine e = FeatureEngine.create(set, COLUMNS, Duration.ZERO, 3);
    FeatureState s = null;
    int minute = 0;
    for (String p : List.of("/a", "/b", "/a", "/c", "/d", "/e")) {
      s = e.update(s, ev("page", p), at("10:0" + minute++));
      if (minute == 4) {
        assertThat(e.values(s)).containsEntry("pages", 3L);
      }
    }
    assertThat(e.values(s)).containsEntry("pages", 3L);
  }

  @Test
  void badValueLeavesTheStateUnchangedAndNamesTheFeature() {
    FeatureEngine e = engine(Duration.ZERO,
        spec("n", Aggregation.COUNT, null, FeatureWindow.lifetime()),
        spec("total", Aggregation.SUM, "amount", FeatureWindow.lifetime()));
    FeatureState s = e.update(null, ev("amount", 1.5), at("10:00"));
    assertThatThrownBy(() -> e.update(s, ev("amount", "lots"), at("10:01")))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("column amount of feature total").hasMessageContaining("lots");
    assertThat(e.values(s)).containsEntry("n", 1L).containsEntry("total", 1.5);
    assertThat(s.latestEventTime()).contains(at("10:00"));
  }

  @Test
  void integerSumOverflowIsRefused() {
    FeatureEngine e = engine(Duration.ZERO, spec("ids", Aggregation.SUM, "user_id", FeatureWindow.lifetime()));
    FeatureState s = e.update(null, ev("user_id", Long.MAX_VALUE), at("10:00"));
    assertThatThrownBy(() -> e.update(s, ev("user_id", 1), at("10:01")))
        .hasMessageContaining("Cannot sum feature ids");
  }

  @Test
  void refusesToLookBeforeTheLatestEvent() {
    FeatureEngine e = engine(Duration.ZERO, spec("n", Aggregation.COUNT, null, FeatureWindow.lifetime()));
    FeatureState s = e.update(null, ev(), at("10:00"));
    assertThatThrownBy(() -> e.values(s, at("09:00")))
        .hasMessageStartingWith("Cannot evaluate features as of 2025-01-15T09:00:00Z");
  }

  @Test
  void refusesDefinitionsThatDoNotBind() {
    assertThatThrownBy(() -> engine(Duration.ZERO, spec("x", Aggregation.SUM, "page", FeatureWindow.lifetime())))
        .hasMessageContaining("Cannot bind feature x: SUM needs a number, page is VARCHAR");
    assertThatThrownBy(() -> engine(Duration.ZERO, spec("x", Aggregation.MAX, "price", FeatureWindow.lifetime())))
        .hasMessageContaining("no event field price");
    assertThatThrownBy(() -> engine(Duration.ZERO, spec("x", Aggregation.COUNT, null,
        new FeatureWindow.Hopping(Duration.ofDays(7), Duration.ofMinutes(1)))))
        .hasMessageContaining("use a trailing window");
    assertThatThrownBy(() -> engine(Duration.ZERO, new FeatureSpec("x", Aggregation.COUNT, null,
        "event_type = 'purchase' AND amount >", FeatureWindow.lifetime())))
        .isInstanceOf(MillraceException.class)
        .hasMessageStartingWith("Cannot bind the filter of feature x: Cannot parse expression");
    assertThatThrownBy(() -> engine(Duration.ZERO, new FeatureSpec("x", Aggregation.COUNT, null,
        "amount * 2", FeatureWindow.lifetime())))
        .hasMessage("Cannot bind feature x: its filter amount * 2 is DOUBLE, not BOOLEAN");
  }
}
