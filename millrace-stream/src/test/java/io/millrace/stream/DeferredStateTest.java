package io.millrace.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millrace.api.stream.Aggregation;
import io.millrace.api.stream.FeatureSet;
import io.millrace.api.stream.FeatureSpec;
import io.millrace.api.stream.Processing;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.stream.internal.DeferredFeatureStore;
import io.millrace.stream.internal.EngineFeatures;
import io.millrace.stream.internal.TopologyFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's states kept decoded between commits ({@link DeferredFeatureStore}): the same features
 * as encoding every event, the store holding them after a commit and across a restart, and the
 * bytes path kept for features whose update can fail half way (integer sums).
 */
class DeferredStateTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static Properties props(Path state) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "deferred");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    return p;
  }

  private static String event(long user, String type, double amount, String time) {
    return "{\"user_id\": " + user + ", \"event_type\": \"" + type + "\", \"event_data\": {\"amount\": " + amount
        + "}, \"timestamp\": \"" + time + "\"}";
  }

  private static void send(TestInputTopic<byte[], byte[]> in, String json) {
    in.pipeInput(null, json.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode json(byte[] b) throws Exception {
    return JSON.readTree(b);
  }

  @Test
  void featuresAreTheSameAndTheStoreHoldsThemAcrossARestart() throws Exception {
    StreamJobSpec job = StreamRunnerTest.job("deferred", Processing.AT_LEAST_ONCE);
    EngineFeatures logic = EngineFeatures.of(job);
    assertThat(logic.engine().atomicUpdates()).isTrue();
    List<org.apache.kafka.streams.KeyValue<String, byte[]>> changelog;
    try (TopologyTestDriver d = new TopologyTestDriver(TopologyFactory.build(job, r -> List.of(), logic,
        new StreamMetrics(new SimpleMeterRegistry(), job.name())), props(dir))) {
      assertThat((Object) d.getKeyValueStore(TopologyFactory.featureStore(job))).isInstanceOf(DeferredFeatureStore.class);
      TestInputTopic<byte[], byte[]> in = d.createInputTopic(job.topic(), new ByteArraySerializer(), new ByteArraySerializer());
      send(in, event(17, "page_view", 0, "2025-01-15T13:45:00Z"));
      send(in, event(17, "purchase", 42.5, "2025-01-15T13:46:00Z"));
      send(in, event(18, "click", 0, "2025-01-15T13:47:00Z"));
      send(in, event(17, "purchase", 7.5, "2025-01-15T15:00:00Z"));   // a second session
      List<JsonNode> out = d.createOutputTopic(job.outputTopic(), new StringDeserializer(), new ByteArrayDeserializer())
          .readValuesToList().stream().map(b -> {
            try {
              return json(b);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }).toList();
      assertThat(out).extracting(o -> o.get("features").get("event_count").asLong()).containsExactly(1L, 2L, 1L, 3L);
      JsonNode last = out.get(3).get("features");
      assertThat(last.get("total_value").asDouble()).isEqualTo(50.0);
      assertThat(last.get("unique_event_types").asLong()).isEqualTo(2);
      assertThat(last.get("total_sessions").asLong()).isEqualTo(2);
      // the store answers with the entity's current state (encoded from the pending state, or written at commit)
      byte[] state = d.<String, byte[]>getKeyValueStore(TopologyFactory.featureStore(job)).get("17");
      assertThat(logic.values(state, Long.MIN_VALUE)).containsEntry("event_count", 3L).containsEntry("total_value", 50.0);
      changelog = d.createOutputTopic("deferred-" + TopologyFactory.featureStore(job) + "-changelog",
          new StringDeserializer(), new ByteArrayDeserializer()).readKeyValuesToList();
    }
    // the changelog (what a restart restores from) holds each entity's latest state
    java.util.Map<String, byte[]> latest = new java.util.HashMap<>();
    changelog.forEach(r -> latest.put(r.key, r.value));
    assertThat(logic.values(latest.get("17"), Long.MIN_VALUE)).containsEntry("event_count", 3L);
    assertThat(logic.values(latest.get("18"), Long.MIN_VALUE)).containsEntry("event_count", 1L);
    // a new driver (which starts empty) given that changelog resumes from it
    EngineFeatures again = EngineFeatures.of(job);
    try (TopologyTestDriver d = new TopologyTestDriver(TopologyFactory.build(job, r -> List.of(), again,
        new StreamMetrics(new SimpleMeterRegistry(), job.name())), props(dir))) {
      org.apache.kafka.streams.state.KeyValueStore<String, byte[]> store = d.getKeyValueStore(TopologyFactory.featureStore(job));
      latest.forEach(store::put);
      TestInputTopic<byte[], byte[]> in = d.createInputTopic(job.topic(), new ByteArraySerializer(), new ByteArraySerializer());
      send(in, event(17, "click", 0, "2025-01-15T15:01:00Z"));
      byte[] out = d.createOutputTopic(job.outputTopic(), new StringDeserializer(), new ByteArrayDeserializer()).readValue();
      assertThat(json(out).get("features").get("event_count").asLong()).isEqualTo(4);
      assertThat(json(out).get("features").get("unique_event_types").asLong()).isEqualTo(3);
    }
  }

  @Test
  void anEventLaterThanTheGracePeriodIsDeadLetteredNotPassedOnUncounted() throws Exception {
    StreamJobSpec job = StreamRunnerTest.job("late", Processing.AT_LEAST_ONCE);   // grace 5 minutes
    EngineFeatures logic = EngineFeatures.of(job);
    try (TopologyTestDriver d = new TopologyTestDriver(TopologyFactory.build(job, r -> List.of(), logic,
        new StreamMetrics(new SimpleMeterRegistry(), job.name())), props(dir))) {
      TestInputTopic<byte[], byte[]> in = d.createInputTopic(job.topic(), new ByteArraySerializer(), new ByteArraySerializer());
      send(in, event(17, "page_view", 0, "2025-01-15T15:00:00Z"));
      send(in, event(17, "click", 0, "2025-01-15T14:57:00Z"));   // out of order, within the grace: counted
      send(in, event(17, "click", 0, "2025-01-15T14:50:00Z"));   // 10 minutes behind: late
      List<byte[]> out = d.createOutputTopic(job.outputTopic(), new StringDeserializer(), new ByteArrayDeserializer())
          .readValuesToList();
      assertThat(out).hasSize(2);
      assertThat(json(out.get(1)).get("features").get("event_count").asLong()).isEqualTo(2);
      List<byte[]> dead = d.createOutputTopic(job.deadLetterTopic(), new StringDeserializer(), new ByteArrayDeserializer())
          .readValuesToList();
      assertThat(dead).hasSize(1);
      assertThat(json(dead.get(0)).get("reason").asText()).startsWith("late: event time 2025-01-15T14:50:00Z");
    }
  }

  @Test
  void integerSumsKeepTheBytesPathAndARefusedEventLeavesTheStateAsItWas() throws Exception {
    StreamJobSpec base = StreamRunnerTest.job("intsum", Processing.AT_LEAST_ONCE);
    StreamJobSpec job = new StreamJobSpec(base.name(), base.file(), base.topic(), base.key(), base.eventTime(),
        base.eventTimeFormat(), base.grace(), base.fields(), base.checks(), base.deadLetterTopic(),
        new FeatureSet(List.of(FeatureSpec.lifetime("event_count", Aggregation.COUNT, null),
            FeatureSpec.lifetime("id_sum", Aggregation.SUM, "user_id")), List.of(), List.of()),
        null, base.windows(), base.outputTopic(), base.commitInterval(), base.processing(), base.bootstrapServers(),
        base.partitions());
    EngineFeatures logic = EngineFeatures.of(job);
    assertThat(logic.engine().atomicUpdates()).isFalse();
    try (TopologyTestDriver d = new TopologyTestDriver(TopologyFactory.build(job, r -> List.of(), logic,
        new StreamMetrics(new SimpleMeterRegistry(), job.name())), props(dir))) {
      assertThat((Object) d.getKeyValueStore(TopologyFactory.featureStore(job))).isNotInstanceOf(DeferredFeatureStore.class);
      TestInputTopic<byte[], byte[]> in = d.createInputTopic(job.topic(), new ByteArraySerializer(), new ByteArraySerializer());
      send(in, event(Long.MAX_VALUE, "click", 0, "2025-01-15T13:45:00Z"));
      send(in, event(Long.MAX_VALUE, "click", 0, "2025-01-15T13:46:00Z"));   // the sum overflows: dead letter
      List<byte[]> dead = d.createOutputTopic(job.deadLetterTopic(), new StringDeserializer(), new ByteArrayDeserializer())
          .readValuesToList();
      assertThat(dead).hasSize(1);
      assertThat(json(dead.get(0)).get("reason").asText()).contains("overflows");
      byte[] state = d.<String, byte[]>getKeyValueStore(TopologyFactory.featureStore(job)).get(Long.toString(Long.MAX_VALUE));
      assertThat(logic.values(state, Long.MIN_VALUE)).containsEntry("event_count", 1L);
    }
  }
}
