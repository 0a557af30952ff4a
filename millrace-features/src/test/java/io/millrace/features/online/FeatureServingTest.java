package io.millrace.features.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.features.EntityKey;
import io.millrace.api.features.FeatureColumn;
import io.millrace.api.features.FeatureDefinitions;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.features.FeatureServiceSpec;
import io.millrace.api.features.FeatureStatus;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.api.features.OnlineRequest;
import io.millrace.api.features.OnlineResponse;
import io.millrace.api.features.OnlineRow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** get-online-features over a real RocksDB store. */
class FeatureServingTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  @TempDir Path dir;
  RocksDbOnlineStore store;
  FeatureServing serving;

  @BeforeEach
  void setUp() {
    FeatureViewSpec users = new FeatureViewSpec("users", "features/u.yaml:2:3", List.of("user_id"), "user_rows", "ts",
        null, Duration.ofDays(1), List.of(new FeatureColumn("age", null), new FeatureColumn("score", null)), true);
    FeatureViewSpec items = new FeatureViewSpec("items", "features/i.yaml:2:3", List.of("item_id"), "item_rows", "ts",
        null, null, List.of(new FeatureColumn("price", null), new FeatureColumn("score", null)), true);
    FeatureViewSpec pairs = new FeatureViewSpec("pairs", "features/p.yaml:2:3", List.of("user_id", "item_id"), "p", "ts",
        null, null, List.of(new FeatureColumn("clicks", null)), true);
    FeatureViewSpec offline = new FeatureViewSpec("offline", "features/o.yaml:2:3", List.of("user_id"), "o", "ts",
        null, null, List.of(new FeatureColumn("z", null)), false);
    Map<String, FeatureViewSpec> views = new LinkedHashMap<>();
    for (FeatureViewSpec v : List.of(users, items, pairs, offline)) {
      views.put(v.name(), v);
    }
    FeatureDefinitions defs = new FeatureDefinitions(views, Map.of("churn", new FeatureServiceSpec("churn", null,
        List.of(FeatureRef.parse("users:age"), FeatureRef.parse("items")))));
    store = RocksDbOnlineStore.open(dir.resolve("online"));
    store.write("users", List.of(
        new OnlineRow(EntityKey.of(1L), NOW.minus(Duration.ofHours(2)), Map.of("age", 31L, "score", 0.5)),
        new OnlineRow(EntityKey.of(2L), NOW.minus(Duration.ofDays(1)), Map.of("age", 40L, "score", 0.7)),
        new OnlineRow(EntityKey.of(3L), NOW.minus(Duration.ofDays(1)).minusNanos(1000), Map.of("age", 50L, "score", 0.9))));
    store.write("items", List.of(new OnlineRow(EntityKey.of("a"), NOW.minus(Duration.ofDays(400)),
        Map.of("price", new java.math.BigDecimal("9.99"), "score", 3.0))));
    store.write("pairs", List.of(new OnlineRow(EntityKey.of(1L, "a"), NOW, Map.of("clicks", 4L))));
    serving = new FeatureServing(defs, store, Map.of("users", List.of(LogicalType.BIGINT),
        "items", List.of(LogicalType.VARCHAR), "pairs", List.of(LogicalType.BIGINT, LogicalType.VARCHAR)),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  static OnlineRequest features(Map<String, List<Object>> entities, String... refs) {
    return new OnlineRequest(Arrays.stream(refs).map(FeatureRef::parse).toList(), null, entities, false);
  }

  @Test
  void returnsEntityColumnsFirstThenFeaturesWithStatusesAndTimestamps() {
    OnlineResponse r = serving.get(features(Map.of("user_id", List.of(1, 9, 2, 3)), "users:score", "users:age"));
    assertThat(r.featureNames()).containsExactly("user_id", "score", "age");
    OnlineResponse.Vector ids = r.results().get(0);
    assertThat(ids.values()).containsExactly(1L, 9L, 2L, 3L);
    assertThat(ids.statuses()).containsOnly(FeatureStatus.PRESENT);
    OnlineResponse.Vector age = r.results().get(2);
    assertThat(age.values()).containsExactly(31L, null, 40L, null);
    assertThat(age.statuses()).containsExactly(FeatureStatus.PRESENT, FeatureStatus.NOT_FOUND, FeatureStatus.PRESENT,
        FeatureStatus.OUTSIDE_MAX_AGE);
    assertThat(age.eventTimestamps()).containsExactly(NOW.minus(Duration.ofHours(2)), Instant.EPOCH,
        NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofDays(1)).minusNanos(1000));
    assertThat(r.results().get(1).values()).containsExactly(0.5, null, 0.7, null);
  }

  @Test
  void servesWholeViewsServicesAndFullNames() {
    OnlineResponse r = serving.get(new OnlineRequest(List.of(), "churn",
        map("user_id", List.of(1L), "item_id", List.of("a")), true));
    assertThat(r.featureNames()).containsExactly("user_id", "item_id", "users__age", "items__price", "items__score");
    // no ttl on items: a year-old row is still PRESENT
    assertThat(r.results().get(3).values().get(0)).isEqualTo(new java.math.BigDecimal("9.99"));
    assertThat(r.results().get(4).statuses()).containsExactly(FeatureStatus.PRESENT);
    OnlineResponse pair = serving.get(features(map("user_id", List.of("1", 1), "item_id", List.of("a", "b")), "pairs"));
    assertThat(pair.featureNames()).containsExactly("user_id", "item_id", "clicks");
    assertThat(pair.results().get(2).values()).containsExactly(4L, null);
  }

  @Test
  void refusesClashingShortNamesAndSuggestsFullNames() {
    assertThatThrownBy(() -> serving.get(features(map("user_id", List.of(1), "item_id", List.of("a")),
        "users:score", "items:score")))
        .isInstanceOf(MillraceException.class).hasMessageContaining("'score' (users:score and items:score)")
        .hasMessageContaining("full");
  }

  @Test
  void nullKeysAndEmptyBatchesAreNotFoundNotErrors() {
    OnlineResponse r = serving.get(features(map("user_id", Arrays.asList(null, 1)), "users:age"));
    assertThat(r.results().get(1).statuses()).containsExactly(FeatureStatus.NOT_FOUND, FeatureStatus.PRESENT);
    OnlineResponse empty = serving.get(features(map("user_id", List.of()), "users:age"));
    assertThat(empty.results().get(1).values()).isEmpty();
  }

  @Test
  void refusesBadRequestsNamingTheFault() {
    assertThatThrownBy(() -> serving.get(features(map("user_id", List.of(1)), "users:agee")))
        .hasMessageContaining("Cannot find feature 'agee' in view 'users'").hasMessageContaining("did you mean 'age'");
    assertThatThrownBy(() -> serving.get(features(map("user_id", List.of(1)), "userz:age")))
        .hasMessageContaining("feature view 'userz'");
    assertThatThrownBy(() -> serving.get(new OnlineRequest(List.of(), "nope", map("user_id", List.of(1)), false)))
        .hasMessageContaining("feature service 'nope'");
    assertThatThrownBy(() -> serving.get(new OnlineRequest(List.of(), null, map("user_id", List.of(1)), false)))
        .hasMessageContaining("exactly one of");
    assertThatThrownBy(() -> serving.get(features(map("item_id", List.of("a")), "users:age")))
        .hasMessageContaining("entity column 'user_id' (the key of feature view 'users') is missing");
    assertThatThrownBy(() -> serving.get(features(map("user_id", List.of(1), "shop", List.of(2)), "users:age")))
        .hasMessageContaining("entity column 'shop' is not a key");
    assertThatThrownBy(() -> serving.get(features(map("user_id", List.of(1, 2), "item_id", List.of("a")), "pairs")))
        .hasMessageContaining("different lengths").hasMessageContaining("'user_id' has 2").hasMessageContaining("'item_id' has 1");
    assertThatThrownBy(() -> serving.get(features(map("user_id", List.of("abc")), "users:age")))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(io.millrace.api.ErrorKind.USER))
        .hasMessageContaining("entity column 'user_id': value 'abc' (a string) is not a bigint");
    assertThatThrownBy(() -> serving.get(features(map("user_id", List.of(1.5)), "users:age")))
        .hasMessageContaining("value 1.5 (a number) is not a bigint");
    assertThatThrownBy(() -> serving.get(features(map("item_id", List.of(true)), "items:price")))
        .hasMessageContaining("value true (a boolean) is not a varchar");
    assertThatThrownBy(() -> serving.get(features(map("user_id", List.of(1)), "offline:z")))
        .hasMessageContaining("feature view 'offline' is not served online").hasMessageContaining("features/o.yaml:2:3");
  }

  private static Map<String, List<Object>> map(Object... kv) {
    Map<String, List<Object>> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<Object> values = (List<Object>) kv[i + 1];
      m.put((String) kv[i], values);
    }
    return m;
  }
}
