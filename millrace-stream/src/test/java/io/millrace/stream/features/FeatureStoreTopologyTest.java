package io.millrace.stream.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.stream.features.internal.FeatureStateSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine inside a Kafka Streams processor with a persistent (RocksDB), changelogged store:
 * states round-trip through the store's serde, and a new instance whose store is rebuilt from the
 * changelog records (as Kafka Streams restores it; the test driver itself wipes its state directory
 * on close) resumes where the first one stopped.
 */
class FeatureStoreTopologyTest {
  final FeatureEngine engine =
      FeatureEngine.create(Recsys.features(), EventHistory.COLUMNS, Duration.ofHours(1));
  final Scorer scorer = Scorers.create(Recsys.scoring(), engine.types(), getClass().getClassLoader());

  /** A minimal scoring processor: value {@code type|amount|time}, output {@code label|event_count}. */
  final class Scoring implements Processor<String, String, String, String> {
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, FeatureState> store;

    @Override
    public void init(ProcessorContext<String, String> context) {
      this.context = context;
      this.store = context.getStateStore("features");
    }

    @Override
    public void process(Record<String, String> record) {
      String[] f = record.value().split("\\|");
      Instant time = Instant.parse(f[2]);
      Map<String, Object> event = new HashMap<>();
      event.put("user_id", Long.valueOf(record.key()));
      event.put("event_type", f[0]);
      event.put("amount", f[1].isEmpty() ? null : Double.valueOf(f[1]));
      event.put("timestamp", LocalDateTime.ofInstant(time, ZoneOffset.UTC));
      FeatureState state = store.get(record.key());
      if (engine.isLate(state, time)) {
        context.forward(record.withValue("late"));
        return;
      }
      state = engine.update(state, event, time);
      store.put(record.key(), state);
      Map<String, Object> features = engine.valuesForEvent(state, event);
      context.forward(record.withValue(scorer.score(features).label() + "|" + features.get("event_count")));
    }
  }

  Topology topology() {
    Topology t = new Topology();
    t.addSource("events", new StringDeserializer(), new StringDeserializer(), "user_events");
    t.addProcessor("features", Scoring::new, "events");
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("features"),
        Serdes.String(), new FeatureStateSerde(engine)), "features");
    t.addSink("scores", "user_scores", new StringSerializer(), new StringSerializer(), "features");
    return t;
  }

  static Properties props(Path stateDir) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "features-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return p;
  }

  @Test
  void scoresFromAPersistentStoreAndResumesFromItsChangelogAfterARestart(@TempDir Path dir) {
    List<KeyValue<String, byte[]>> changelog;
    try (TopologyTestDriver driver = new TopologyTestDriver(topology(), props(dir))) {
      TestInputTopic<String, String> in = driver.createInputTopic("user_events",
          new StringSerializer(), new StringSerializer());
      TestOutputTopic<String, String> out = driver.createOutputTopic("user_scores",
          new StringDeserializer(), new StringDeserializer());
      in.pipeInput("17", "page_view||2025-01-15T13:00:00Z");
      in.pipeInput("18", "page_view||2025-01-15T13:01:00Z");
      in.pipeInput("17", "click||2025-01-15T13:05:00Z");
      in.pipeInput("17", "purchase|42.5|2025-01-15T13:03:00Z");
      in.pipeInput("17", "click||2025-01-15T11:00:00Z");   // beyond the hour of grace
      assertThat(out.readKeyValuesToList()).containsExactly(
          KeyValue.pair("17", "medium_value_user|1"), KeyValue.pair("18", "medium_value_user|1"),
          KeyValue.pair("17", "medium_value_user|2"), KeyValue.pair("17", "high_value_user|3"),
          KeyValue.pair("17", "late"));
      KeyValueStore<String, FeatureState> store = driver.getKeyValueStore("features");
      assertThat(engine.values(store.get("17"))).containsEntry("total_value", 42.5)
          .containsEntry("unique_event_types", 3L);
      assertThat(store.get("17").lateEvents()).isZero();   // late events are not stored
      changelog = driver.createOutputTopic("features-test-features-changelog",
          new StringDeserializer(), new ByteArrayDeserializer()).readKeyValuesToList();
    }
    assertThat(changelog).hasSize(4);
    try (TopologyTestDriver restarted = new TopologyTestDriver(topology(), props(dir))) {
      KeyValueStore<String, FeatureState> store = restarted.getKeyValueStore("features");
      assertThat(store.get("17")).as("a fresh driver starts empty").isNull();
      changelog.forEach(r -> store.put(r.key, engine.fromBytes(r.value)));
      TestInputTopic<String, String> in = restarted.createInputTopic("user_events",
          new StringSerializer(), new StringSerializer());
      TestOutputTopic<String, String> out = restarted.createOutputTopic("user_scores",
          new StringDeserializer(), new StringDeserializer());
      in.pipeInput("17", "page_view||2025-01-15T13:20:00Z");
      assertThat(out.readValuesToList()).isEqualTo(List.of("high_value_user|4"));
      assertThat(engine.values(store.get("17"))).containsEntry("total_sessions", 1L)
          .containsEntry("avg_session_length", 4.0);
    }
  }
}
