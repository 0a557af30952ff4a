package io.millrace.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.LogicalType;
import io.millrace.api.stream.Aggregation;
import io.millrace.api.stream.FeatureSet;
import io.millrace.api.stream.FeatureSpec;
import io.millrace.api.stream.Processing;
import io.millrace.api.stream.StreamField;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.stream.features.FeatureEngine;
import io.millrace.stream.features.FeatureState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task closed dirty and revived (an aborted exactly-once transaction, a lost partition) gets these
 * same store objects initialized again, restored from the changelog, and its uncommitted events
 * processed again: states kept pending from before must be gone, or the replayed events would look
 * late to an entity that already counted them and be dead-lettered instead of counted.
 */
class DeferredFeatureStoreTest {
  @TempDir Path dir;

  @Test
  void aStoreInitializedAgainAfterADirtyCloseForgetsItsUncommittedStates() {
    StreamJobSpec job = new StreamJobSpec("deferred_revive", Path.of("deferred_revive.yaml"), "deferred_revive", "user_id",
        "timestamp", null, Duration.ofMinutes(5),
        List.of(new StreamField("user_id", List.of("user_id"), LogicalType.BIGINT),
            new StreamField("amount", List.of("amount"), LogicalType.DOUBLE),
            new StreamField("timestamp", List.of("timestamp"), LogicalType.TIMESTAMP)),
        List.of(), null, new FeatureSet(List.of(FeatureSpec.lifetime("event_count", Aggregation.COUNT, null),
            FeatureSpec.lifetime("total_value", Aggregation.SUM, "amount")), List.of(), List.of()),
        null, List.of(), null, Duration.ofMillis(500), Processing.EXACTLY_ONCE_V2, null, 1);
    FeatureEngine engine = EngineFeatures.of(job).engine();
    assertThat(engine.atomicUpdates()).isTrue();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "deferred-revive");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    StateStoreContext context = new MockProcessorContext<>(props).getStateStoreContext();
    KeyValueStore<String, byte[]> below = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore("features"), Serdes.String(), Serdes.ByteArray())
        .withLoggingDisabled().withCachingDisabled().build();
    DeferredFeatureStore store = new DeferredFeatureStore(below, engine);
    store.init(context, store);
    Instant t = Instant.parse("2025-01-15T15:00:00Z");
    FeatureState committed = engine.update(null, Map.of("user_id", 17L, "amount", 10.0, "timestamp", t), t);
    synchronized (store) {
      store.updated("17", committed);
    }
    store.flush();   // the commit: the state reaches the store below (and its changelog)
    assertThat(store.pendingCount()).isZero();
    byte[] changelog = below.get("17");
    Instant later = t.plus(Duration.ofHours(1));
    synchronized (store) {
      FeatureState next = engine.update(store.state("17"), Map.of("user_id", 17L, "amount", 5.0, "timestamp", later), later);
      store.updated("17", next);
    }
    assertThat(store.pendingCount()).isEqualTo(1);
    store.close();   // dirty: no flush, no commit
    store.init(context, store);   // revived: the store below is restored from its changelog
    below.put("17", changelog);
    assertThat(store.pendingCount()).isZero();
    FeatureState seen;
    synchronized (store) {
      seen = store.state("17");
    }
    // the uncommitted event is not counted, and when processed again it is not late
    assertThat(engine.isLate(seen, later.minus(Duration.ofMinutes(30)))).isFalse();
    assertThat(EngineFeatures.of(job).values(store.get("17"), Long.MIN_VALUE))
        .containsEntry("event_count", 1L).containsEntry("total_value", 10.0);
  }
}
