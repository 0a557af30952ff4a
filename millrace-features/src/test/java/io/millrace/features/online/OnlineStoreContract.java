package io.millrace.features.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.MillraceException;
import io.millrace.api.features.EntityKey;
import io.millrace.api.features.OnlineRow;
import io.millrace.api.features.OnlineStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every online store must do; each store's test extends this and says how to open (and reopen) it. */
abstract class OnlineStoreContract {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456Z");
  OnlineStore store;

  /** A fresh, empty store for one test. */
  abstract OnlineStore openFresh();

  /** The same store again after {@link OnlineStore#close}. */
  abstract OnlineStore reopen();

  @BeforeEach
  void open() {
    store = openFresh();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  static Map<String, Object> values(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static OnlineRow row(Object key, Instant t, Object... kv) {
    return new OnlineRow(EntityKey.of(key), t, values(kv));
  }

  @Test
  void roundTripsEveryValueType() {
    Map<String, Object> v = values("l", 42L, "neg", -7L, "d", 2.5, "nan", Double.NaN, "dec", new BigDecimal("12.340"),
        "s", "héllo ✓", "empty", "", "b", true, "f", false, "ts", Instant.parse("1969-12-31T23:59:59.999999Z"),
        "day", LocalDate.of(2026, 3, 1), "none", null, "max", Long.MAX_VALUE, "min", Long.MIN_VALUE);
    store.write("v", List.of(new OnlineRow(EntityKey.of(1L), T0, v)));
    OnlineRow back = store.read("v", List.of(EntityKey.of(1L))).get(0);
    assertThat(back.eventTime()).isEqualTo(T0);
    assertThat(back.values().keySet()).containsExactlyElementsOf(v.keySet());
    assertThat(back.values().get("l")).isEqualTo(42L);
    assertThat(back.values().get("neg")).isEqualTo(-7L);
    assertThat(back.values().get("d")).isEqualTo(2.5);
    assertThat((Double) back.values().get("nan")).isNaN();
    assertThat((BigDecimal) back.values().get("dec")).isEqualByComparingTo("12.34");
    assertThat(back.values().get("s")).isEqualTo("héllo ✓");
    assertThat(back.values().get("empty")).isEqualTo("");
    assertThat(back.values().get("b")).isEqualTo(true);
    assertThat(back.values().get("f")).isEqualTo(false);
    assertThat(back.values().get("ts")).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
    assertThat(back.values().get("day")).isEqualTo(LocalDate.of(2026, 3, 1));
    assertThat(back.values()).containsEntry("none", null);
    assertThat(back.values().get("max")).isEqualTo(Long.MAX_VALUE);
    assertThat(back.values().get("min")).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void normalizesEngineValuesAndKeyWidths() {
    store.write("v", List.of(new OnlineRow(EntityKey.of(7), T0, values("i", 3, "fl", 1.5f,
        "ldt", LocalDateTime.of(2026, 1, 2, 3, 4, 5)))));
    // an INTEGER key written, a BIGINT key asked: the same entity
    OnlineRow back = store.read("v", List.of(EntityKey.of(7L))).get(0);
    assertThat(back.values()).containsEntry("i", 3L).containsEntry("fl", 1.5)
        .containsEntry("ldt", Instant.parse("2026-01-02T03:04:05Z"));
    store.write("dec", List.of(row(new BigDecimal("5.10"), T0, "x", 1L)));
    assertThat(store.read("dec", List.of(EntityKey.of(new BigDecimal("5.1")))).get(0)).isNotNull();
  }

  @Test
  void keepsTheNewerEventTimeOnUpsert() {
    store.write("v", List.of(row(1L, T0, "x", 1L)));
    store.write("v", List.of(row(1L, T0.minusSeconds(1), "x", 0L)));
    assertThat(store.read("v", List.of(EntityKey.of(1L))).get(0).values()).containsEntry("x", 1L);
    store.write("v", List.of(row(1L, T0, "x", 2L)));
    assertThat(store.read("v", List.of(EntityKey.of(1L))).get(0).values()).as("equal time replaces").containsEntry("x", 2L);
    store.write("v", List.of(row(1L, T0.plusNanos(1000), "x", 3L)));
    assertThat(store.read("v", List.of(EntityKey.of(1L))).get(0).values()).containsEntry("x", 3L);
    // several rows of one entity in one call: the newest wins, whatever the order
    store.write("v", List.of(row(2L, T0.plusSeconds(5), "x", 5L), row(2L, T0, "x", 4L), row(2L, T0.plusSeconds(1), "x", 6L)));
    // one entity however its key is typed: the newest row wins
    store.write("v", List.of(row(3L, T0.plusSeconds(5), "x", 7L), row(3, T0, "x", 8L)));
    assertThat(store.read("v", List.of(EntityKey.of(3))).get(0).values()).containsEntry("x", 7L);
    OnlineRow r2 = store.read("v", List.of(EntityKey.of(2L))).get(0);
    assertThat(r2.values()).containsEntry("x", 5L);
    assertThat(r2.eventTime()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void readsManyKeysInOrderWithNullForMissing() {
    List<OnlineRow> rows = new ArrayList<>();
    for (long i = 0; i < 5000; i++) {
      rows.add(row(i, T0.plusSeconds(i), "x", i * 10, "s", "e" + i));
    }
    store.write("v", rows);
    List<EntityKey> keys = List.of(EntityKey.of(4999L), EntityKey.of(-1L), EntityKey.of(3L), EntityKey.of("3"),
        EntityKey.of(3L));
    List<OnlineRow> back = store.read("v", keys);
    assertThat(back).hasSize(5);
    assertThat(back.get(0).values()).containsEntry("x", 49990L).containsEntry("s", "e4999");
    assertThat(back.get(0).key()).isEqualTo(EntityKey.of(4999L));
    assertThat(back.get(1)).isNull();
    assertThat(back.get(2).eventTime()).isEqualTo(T0.plusSeconds(3));
    assertThat(back.get(3)).as("a string key is not the long key").isNull();
    assertThat(back.get(4).values()).containsEntry("x", 30L);
    assertThat(store.read("absent_view", List.of(EntityKey.of(1L)))).containsExactly((OnlineRow) null);
  }

  @Test
  void compositeKeys() {
    store.write("v", List.of(new OnlineRow(EntityKey.of(1L, "a"), T0, values("x", 1L)),
        new OnlineRow(EntityKey.of(1L, "b"), T0, values("x", 2L))));
    List<OnlineRow> back = store.read("v", List.of(EntityKey.of(1L, "b"), EntityKey.of(1L, "a"), EntityKey.of(1L, "c")));
    assertThat(back.get(0).values()).containsEntry("x", 2L);
    assertThat(back.get(1).values()).containsEntry("x", 1L);
    assertThat(back.get(2)).isNull();
  }

  @Test
  void keepsDataAcrossCloseAndReopen() {
    store.write("v", List.of(row("k1", T0, "x", 1.25)));
    store.setMarker("v", "snapshot=7");
    store.close();
    store = reopen();
    assertThat(store.read("v", List.of(EntityKey.of("k1"))).get(0).values()).containsEntry("x", 1.25);
    assertThat(store.marker("v")).contains("snapshot=7");
    assertThat(store.marker("other")).isEmpty();
  }

  @Test
  void isolatesViews() {
    store.write("a", List.of(row(1L, T0, "x", 1L)));
    store.write("ab", List.of(row(1L, T0, "y", "other")));
    store.write("b", List.of(row(1L, T0.minusSeconds(10), "x", 2L)));
    assertThat(store.read("a", List.of(EntityKey.of(1L))).get(0).values()).containsExactlyEntriesOf(values("x", 1L));
    assertThat(store.read("ab", List.of(EntityKey.of(1L))).get(0).values()).containsExactlyEntriesOf(values("y", "other"));
    assertThat(store.read("b", List.of(EntityKey.of(1L))).get(0).values()).containsExactlyEntriesOf(values("x", 2L));
    assertThat(store.read("c", List.of(EntityKey.of(1L))).get(0)).isNull();
  }

  @Test
  void readsRowsWrittenWithAnEarlierFeatureList() {
    store.write("v", List.of(row(1L, T0, "x", 1L)));
    store.write("v", List.of(row(2L, T0, "x", 2L, "y", "new")));
    List<OnlineRow> back = store.read("v", List.of(EntityKey.of(1L), EntityKey.of(2L)));
    assertThat(back.get(0).values()).containsExactlyEntriesOf(values("x", 1L));
    assertThat(back.get(1).values()).containsExactlyEntriesOf(values("x", 2L, "y", "new"));
  }

  @Test
  void refusesUnsupportedValuesNamingViewAndFeature() {
    assertThatThrownBy(() -> store.write("v", List.of(row(1L, T0, "blob", new byte[] {1}))))
        .isInstanceOf(MillraceException.class).hasMessageContaining("feature 'blob'").hasMessageContaining("view 'v'");
    assertThatThrownBy(() -> store.write("v", List.of(row(null, T0, "x", 1L))))
        .isInstanceOf(MillraceException.class).hasMessageContaining("NULL");
  }
}
