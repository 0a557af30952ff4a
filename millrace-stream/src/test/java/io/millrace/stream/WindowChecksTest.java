package io.millrace.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millrace.api.LogicalType;
import io.millrace.api.project.CheckSpec;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.stream.StreamField;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.quality.ExpectationResult;
import io.millrace.quality.SuiteLoader;
import io.millrace.quality.ValidationOptions;
import io.millrace.quality.ValidationResult;
import io.millrace.quality.Validator;
import io.millrace.stream.internal.TopologyFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relation-level expectations judged per tumbling event-time window (TopologyTestDriver, DuckDB):
 * uniqueness, a mean, a row count and a row-level expectation with {@code mostly}, whose failing
 * events are also dead-lettered; each window's verdicts equal the batch engine's on the same rows.
 */
class WindowChecksTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static DuckDbEngine engine;

  @BeforeAll
  static void open() {
    engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  static StreamJobSpec job(Path suite) {
    return new StreamJobSpec("orders", Path.of("streams/orders.yaml"), "orders", "user_id", "timestamp", null,
        Duration.ZERO,
        List.of(new StreamField("user_id", List.of("user_id"), LogicalType.BIGINT),
            new StreamField("amount", List.of("amount"), LogicalType.DOUBLE),
            new StreamField("timestamp", List.of("timestamp"), LogicalType.TIMESTAMP)),
        List.of(new CheckSpec(suite, null, null, Duration.ofMinutes(1))), null, null, null, List.of(), null, null, null,
        null, 1);
  }

  @Test
  void judgesRelationLevelExpectationsPerWindowAsTheBatchEngineDoes(@TempDir Path dir) throws Exception {
    Path suite = dir.resolve("orders.yaml");
    Files.writeString(suite, """
        name: orders
        expectations:
          - expect_column_values_to_not_be_null: {column: user_id}
          - expect_column_values_to_be_between: {column: amount, min_value: 0, mostly: 0.9}
          - expect_column_values_to_be_unique: {column: user_id}
          - expect_column_mean_to_be_between: {column: amount, min_value: 10, max_value: 100}
          - expect_table_row_count_to_be_between: {min_value: 3}
        """);
    StreamJobSpec job = job(suite);
    StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry(), job.name());
    EventCheck check = SuiteChecks.of(job, engine::session);
    assertThat(check.windowChecks()).isNotNull();
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "wc");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    p.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
    List<JsonNode> results = new ArrayList<>();
    long deadLetters;
    try (TopologyTestDriver driver = new TopologyTestDriver(TopologyFactory.build(job, check, null, metrics), p)) {
      TestInputTopic<byte[], byte[]> in = driver.createInputTopic("orders", new ByteArraySerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> out = driver.createOutputTopic(WindowChecks.topic(job), new StringDeserializer(),
          new ByteArrayDeserializer());
      TestOutputTopic<String, byte[]> dead = driver.createOutputTopic("orders.dlq", new StringDeserializer(),
          new ByteArrayDeserializer());
      // window 13:45: user 1 twice (not unique), one negative amount (4/5 = 0.8 < mostly 0.9), mean 27, 5 rows
      for (String e : WINDOW_1) {
        in.pipeInput(e.getBytes(StandardCharsets.UTF_8));
      }
      assertThat(out.isEmpty()).as("no window judged before stream time passes its end").isTrue();
      // window 13:46: 2 rows (row count fails), the rest passes
      in.pipeInput(order(5, 10, "2025-01-15T13:46:01Z").getBytes(StandardCharsets.UTF_8));
      in.pipeInput(order(6, 20, "2025-01-15T13:46:59Z").getBytes(StandardCharsets.UTF_8));
      in.pipeInput("not json".getBytes(StandardCharsets.UTF_8));
      in.pipeInput(order(7, 30, "2025-01-15T13:48:00Z").getBytes(StandardCharsets.UTF_8));   // closes both
      in.pipeInput(order(8, 30, "2025-01-15T13:45:30Z").getBytes(StandardCharsets.UTF_8));   // late for its window
      for (byte[] v : out.readValuesToList()) {
        results.add(JSON.readTree(v));
      }
      deadLetters = dead.readValuesToList().size();
    }
    assertThat(results).hasSize(8);
    Map<String, JsonNode> w1 = byExpectation(results, "2025-01-15T13:45:00Z");
    Map<String, JsonNode> w2 = byExpectation(results, "2025-01-15T13:46:00Z");
    assertThat(w1.get("expect_column_values_to_be_unique(user_id)").get("success").asBoolean()).isFalse();
    assertThat(w1.get("expect_column_values_to_be_between(amount)").get("success").asBoolean()).isFalse();
    assertThat(w1.get("expect_column_values_to_be_between(amount)").get("unexpected_percent").asDouble()).isEqualTo(20.0);
    assertThat(w1.get("expect_column_mean_to_be_between(amount)").get("success").asBoolean()).isTrue();
    assertThat(w1.get("expect_column_mean_to_be_between(amount)").get("observed_value").asText()).isEqualTo("27.0");
    assertThat(w1.get("expect_table_row_count_to_be_between").get("observed_value").asText()).isEqualTo("5");
    assertThat(w1.get("expect_table_row_count_to_be_between").get("window_end").asText()).isEqualTo("2025-01-15T13:46:00Z");
    assertThat(w2.get("expect_table_row_count_to_be_between").get("success").asBoolean()).isFalse();
    assertThat(w2.get("expect_column_values_to_be_unique(user_id)").get("success").asBoolean()).isTrue();
    assertThat(w2.get("expect_column_values_to_be_between(amount)").get("success").asBoolean()).isTrue();
    assertThat(deadLetters).as("the negative amount (mostly: each failing event still dead-letters) and the non-JSON")
        .isEqualTo(2);
    assertThat(metrics.windowChecks()).containsExactly(5, 3, 1);
    assertThat(metrics.snapshot().deadLettered()).isEqualTo(2);

    // the batch engine on the same rows reaches the same verdicts and observed values
    try (EngineSession s = engine.session()) {
      s.execute("CREATE TABLE w1 (user_id BIGINT, amount DOUBLE, \"timestamp\" TIMESTAMP)");
      s.execute("INSERT INTO w1 VALUES (1, 20, '2025-01-15 13:45:00'), (2, 30, '2025-01-15 13:45:10'), "
          + "(3, -5, '2025-01-15 13:45:20'), (1, 40, '2025-01-15 13:45:30'), (4, 50, '2025-01-15 13:45:59.999')");
      ValidationResult batch = new Validator().validate(new SuiteLoader().load(suite), s, "w1", ValidationOptions.DEFAULT);
      int compared = 0;
      for (ExpectationResult r : batch.results()) {
        JsonNode streamed = w1.get(r.name());
        if (streamed == null) {
          continue;   // row-level without mostly: judged per event only
        }
        compared++;
        assertThat(streamed.get("success").asBoolean()).as(r.name()).isEqualTo(r.success());
        Object observed = r.result().get("observed_value");
        assertThat(streamed.get("observed_value").isNull() ? null : streamed.get("observed_value").asText()).as(r.name())
            .isEqualTo(observed == null ? null : String.valueOf(observed));
        if (r.result().get("unexpected_percent") instanceof Number pct) {
          assertThat(streamed.get("unexpected_percent").asDouble()).as(r.name()).isEqualTo(pct.doubleValue());
        }
      }
      assertThat(compared).isEqualTo(4);
    }
  }

  private static final List<String> WINDOW_1 = List.of(order(1, 20, "2025-01-15T13:45:00Z"),
      order(2, 30, "2025-01-15T13:45:10Z"), order(3, -5, "2025-01-15T13:45:20Z"), order(1, 40, "2025-01-15T13:45:30Z"),
      order(4, 50, "2025-01-15T13:45:59.999Z"));

  private static String order(long user, double amount, String time) {
    return "{\"user_id\": " + user + ", \"amount\": " + amount + ", \"timestamp\": \"" + time + "\"}";
  }

  private static Map<String, JsonNode> byExpectation(List<JsonNode> results, String windowStart) {
    Map<String, JsonNode> m = new HashMap<>();
    for (JsonNode r : results) {
      if (r.get("window_start").asText().equals(windowStart)) {
        m.put(r.get("expectation").asText(), r);
      }
    }
    return m;
  }
}
