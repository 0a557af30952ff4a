package io.millrace.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millrace.api.LogicalType;
import io.millrace.api.stream.StreamField;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.api.stream.WindowAggregate;
import io.millrace.api.stream.WindowSpec;
import io.millrace.stream.internal.JobProcessor;
import io.millrace.stream.internal.TopologyFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The topology's logic on Kafka Streams' TopologyTestDriver: routing, dead letters, state, windows. */
class TopologyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A test feature logic: the entity's event count and the last amount; label by count. */
  static final FeatureLogic COUNTING = new FeatureLogic() {
    @Override
    public byte[] update(byte[] state, Map<String, Object> event, long eventTimeMillis) {
      long n = state == null ? 0 : ByteBuffer.wrap(state).getLong();
      return ByteBuffer.allocate(8).putLong(n + 1).array();
    }

    @Override
    public Map<String, Object> values(byte[] state, long asOfMillis) {
      return Map.of("event_count", ByteBuffer.wrap(state).getLong());
    }

    @Override
    public Score score(Map<String, Object> features) {
      long n = (Long) features.get("event_count");
      return new Score(n > 1 ? "repeat" : "new", n, 1.0);
    }
  };

  static final StreamJobSpec JOB = new StreamJobSpec("views", Path.of("streams/views.yaml"), "views", "user_id",
      "timestamp", null, Duration.ofMinutes(1),
      List.of(new StreamField("user_id", List.of("user_id"), LogicalType.BIGINT),
          new StreamField("content_id", List.of("event_data", "content_id"), LogicalType.BIGINT),
          new StreamField("watch_seconds", List.of("event_data", "watch_seconds"), LogicalType.DOUBLE),
          new StreamField("timestamp", List.of("timestamp"), LogicalType.TIMESTAMP)),
      List.of(), null, null, null,
      List.of(new WindowSpec("per_minute", "content_id", Duration.ofMinutes(1), null, Duration.ofMinutes(1),
          List.of(new WindowAggregate("views", WindowAggregate.Function.COUNT, null),
              new WindowAggregate("avg_watch_seconds", WindowAggregate.Function.AVG, "watch_seconds")))),
      null, null, null, null, 1);

  static final EventCheck NON_NEGATIVE = r -> r.get("watch_seconds") instanceof Double d && d < 0
      ? List.of("expect_column_values_to_be_between(watch_seconds, min_value=0)") : List.of();

  private TopologyTestDriver driver;
  private StreamMetrics metrics;
  private TestInputTopic<byte[], byte[]> input;
  private TestOutputTopic<String, byte[]> dead;
  private TestOutputTopic<String, byte[]> scores;
  private TestOutputTopic<String, byte[]> windows;

  @BeforeEach
  void start() {
    metrics = new StreamMetrics(new SimpleMeterRegistry(), "views");
    driver = new TopologyTestDriver(TopologyFactory.build(JOB, NON_NEGATIVE, COUNTING, metrics), props());
    input = driver.createInputTopic("views", new ByteArraySerializer(), new ByteArraySerializer());
    dead = driver.createOutputTopic("views.dlq", new StringDeserializer(), new ByteArrayDeserializer());
    scores = driver.createOutputTopic("views.scores", new StringDeserializer(), new ByteArrayDeserializer());
    windows = driver.createOutputTopic("views.window.per_minute", new StringDeserializer(), new ByteArrayDeserializer());
  }

  private static Properties props() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "t");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    return p;
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void send(String json) {
    input.pipeInput(null, json.getBytes(StandardCharsets.UTF_8));
  }

  private static String view(long user, long content, double seconds, String time) {
    return "{\"user_id\": " + user + ", \"event_type\": \"view\", \"event_data\": {\"content_id\": " + content
        + ", \"watch_seconds\": " + seconds + "}, \"timestamp\": \"" + time + "\"}";
  }

  @Test
  void scoresValidEventsPerEntityWithTheirFeatures() throws Exception {
    send(view(17, 1, 30, "2025-01-15T13:45:12.345Z"));
    send(view(17, 2, 10, "2025-01-15T13:45:13Z"));
    send(view(18, 2, 10, "2025-01-15T13:45:14Z"));
    List<JsonNode> out = scores.readValuesToList().stream().map(TopologyTest::json).toList();
    assertThat(out).hasSize(3);
    assertThat(out.get(1).get("key").asText()).isEqualTo("17");
    assertThat(out.get(1).get("label").asText()).isEqualTo("repeat");
    assertThat(out.get(1).get("features").get("event_count").asLong()).isEqualTo(2);
    assertThat(out.get(1).get("event_time").asText()).isEqualTo("2025-01-15T13:45:13Z");
    assertThat(out.get(1).has("processed_at")).isTrue();
    assertThat(out.get(2).get("label").asText()).isEqualTo("new");
    assertThat(dead.isEmpty()).isTrue();
  }

  @Test
  void deadLettersUnparseableUntypeableAndFailingEventsWithReasonAndOrigin() throws Exception {
    send("{not json");
    send(view(17, 1, 30, "2025-01-15T13:45:12Z").replace("17", "\"seventeen\""));
    send(view(17, 1, -5, "2025-01-15T13:45:12Z"));
    send("{\"event_data\": {}, \"timestamp\": \"2025-01-15T13:45:12Z\"}");
    input.pipeInput(null, new byte[] {(byte) 0xff, (byte) 0xfe});
    List<JsonNode> letters = dead.readValuesToList().stream().map(TopologyTest::json).toList();
    assertThat(letters).extracting(l -> l.get("reason").asText()).satisfiesExactly(
        r -> assertThat(r).startsWith("not JSON"),
        r -> assertThat(r).isEqualTo("field 'user_id': cannot read \"seventeen\" as bigint"),
        r -> assertThat(r).isEqualTo("failed 1 check(s)"),
        r -> assertThat(r).isEqualTo("key field 'user_id' is missing or null"),
        r -> assertThat(r).startsWith("not JSON"));
    assertThat(letters.get(2).get("failed_expectations").get(0).asText())
        .isEqualTo("expect_column_values_to_be_between(watch_seconds, min_value=0)");
    assertThat(letters.get(0).get("original").asText()).isEqualTo("{not json");
    assertThat(letters.get(0).get("topic").asText()).isEqualTo("views");
    assertThat(letters).extracting(l -> l.get("offset").asLong()).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(letters.get(4).get("original_encoding").asText()).isEqualTo("base64");
    assertThat(letters.get(4).get("original").asText()).isEqualTo("//4=");
    assertThat(scores.isEmpty()).isTrue();
    StreamMetrics.Snapshot s = metrics.snapshot();
    assertThat(s.eventsIn()).isEqualTo(5);
    assertThat(s.deadLettered()).isEqualTo(5);
    assertThat(s.valid()).isZero();
  }

  @Test
  void eachOutputCarriesItsEventsRowInAHeaderAndNoEventsTopicIsWritten() throws Exception {
    send(view(17, 1, 30, "2025-01-15T13:45:12.345Z"));
    send(view(17, 1, -5, "2025-01-15T13:45:13Z"));    // dead-lettered: no output, no row
    send(view(18, 2, 10, "2025-01-15T13:45:14Z"));
    List<org.apache.kafka.streams.test.TestRecord<String, byte[]>> out = scores.readRecordsToList();
    assertThat(out).hasSize(2);
    JsonNode row = json(out.get(1).headers().lastHeader(JobProcessor.EVENT_HEADER).value());
    assertThat(row.get("user_id").asLong()).isEqualTo(18);
    assertThat(row.get("content_id").asLong()).isEqualTo(2);
    assertThat(row.get("watch_seconds").asDouble()).isEqualTo(10.0);
    assertThat(row.get("timestamp").asText()).isEqualTo("2025-01-15T13:45:14");
    assertThat(row.get("_partition").asInt()).isZero();
    assertThat(row.get("_offset").asLong()).isEqualTo(2);
    assertThat(row.has("_ingested_at")).isTrue();
    assertThat(JobProcessor.eventTime(out.get(1).headers())).isEqualTo(Instant.parse("2025-01-15T13:45:14Z").toEpochMilli());
    assertThat(json(out.get(0).headers().lastHeader(JobProcessor.EVENT_HEADER).value()).get("_offset").asLong()).isZero();
    assertThat(driver.producedTopicNames()).doesNotContain(TopologyFactory.eventsTopic(JOB));
    assertThat(dead.readValuesToList()).hasSize(1);
  }

  @Test
  void aJobWithoutFeaturesWritesItsEventsRowsToTheEventsTopic() throws Exception {
    try (TopologyTestDriver d = new TopologyTestDriver(TopologyFactory.build(JOB, NON_NEGATIVE, null,
        new StreamMetrics(new SimpleMeterRegistry(), "views")), props())) {
      d.createInputTopic("views", new ByteArraySerializer(), new ByteArraySerializer())
          .pipeInput(null, view(17, 1, 30, "2025-01-15T13:45:12Z").getBytes(StandardCharsets.UTF_8));
      List<byte[]> rows = d.createOutputTopic(TopologyFactory.eventsTopic(JOB), new StringDeserializer(),
          new ByteArrayDeserializer()).readValuesToList();
      assertThat(rows).hasSize(1);
      assertThat(json(rows.get(0)).get("user_id").asLong()).isEqualTo(17);
      assertThat(d.producedTopicNames()).doesNotContain("views.scores");
    }
  }

  @Test
  void keepsEntityStateInTheStore() {
    send(view(5, 1, 30, "2025-01-15T13:45:12Z"));
    send(view(5, 1, 30, "2025-01-15T13:45:13Z"));
    byte[] state = driver.<String, byte[]>getKeyValueStore(TopologyFactory.featureStore(JOB)).get("5");
    assertThat(COUNTING.values(state, 0)).containsEntry("event_count", 2L);
  }

  @Test
  void emitsAWindowOnceItClosesAfterItsGrace() throws Exception {
    send(view(1, 7, 30, "2025-01-15T13:45:01Z"));
    send(view(2, 7, 10, "2025-01-15T13:45:59Z"));
    send(view(3, 8, 5, "2025-01-15T13:45:30Z"));
    send(view(4, 7, 20, "2025-01-15T13:46:30Z"));     // next window: stream time 13:46:30
    assertThat(windows.isEmpty()).as("13:45 window still open within its 1 minute grace").isTrue();
    send(view(5, 7, 99, "2025-01-15T13:45:40Z"));     // late but within grace: counted
    send(view(6, 9, 1, "2025-01-15T13:47:00Z"));      // stream time passes 13:46 + 1m grace
    List<JsonNode> rows = windows.readValuesToList().stream().map(TopologyTest::json).toList();
    assertThat(rows).hasSize(2);
    JsonNode c7 = rows.stream().filter(r -> r.get("content_id").asLong() == 7).findFirst().orElseThrow();
    assertThat(c7.get("window_start").asText()).isEqualTo(Instant.parse("2025-01-15T13:45:00Z").toString());
    assertThat(c7.get("views").asLong()).isEqualTo(3);
    assertThat(c7.get("avg_watch_seconds").asDouble()).isEqualTo((30 + 10 + 99) / 3.0);
    JsonNode c8 = rows.stream().filter(r -> r.get("content_id").asLong() == 8).findFirst().orElseThrow();
    assertThat(c8.get("views").asLong()).isEqualTo(1);
  }

  private static JsonNode json(byte[] b) {
    try {
      return JSON.readTree(b);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
