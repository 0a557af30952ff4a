package io.millrace.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millrace.api.project.CheckSpec;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.stream.Processing;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.lake.IcebergWarehouse;
import io.millrace.stream.kafka.EmbeddedKafka;
import io.millrace.stream.kafka.EventGenerator;
import io.millrace.stream.kafka.EventKind;
import io.millrace.stream.kafka.EventProducer;
import io.millrace.stream.kafka.InvalidKind;
import io.millrace.stream.kafka.TopicSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Window checks end to end on the embedded broker, Iceberg and DuckDB: a suite with row-level and
 * relation-level expectations; failing events dead-lettered, each closed window judged once into
 * {@code <job>_window_checks}.
 */
class WindowChecksEndToEndTest {
  static final int EVENTS = 1500;

  @Test
  void windowVerdictsLandInTheWarehouse(@TempDir Path dir) throws Exception {
    Path suite = dir.resolve("user_events.yaml");
    Files.writeString(suite, """
        name: user_events
        expectations:
          - expect_column_values_to_be_in_set: {column: event_type, value_set: [page_view, click, add_to_cart, purchase], mostly: 0.5}
          - expect_column_values_to_be_between: {column: amount, min_value: 0}
          - expect_table_row_count_to_be_between: {min_value: 1}
          - expect_column_mean_to_be_between: {column: amount, min_value: 0, max_value: 10000}
        """);
    StreamJobSpec j = StreamRunnerTest.job("wchecks", Processing.AT_LEAST_ONCE);
    StreamJobSpec job = new StreamJobSpec(j.name(), j.file(), j.topic(), j.key(), j.eventTime(), j.eventTimeFormat(),
        j.grace(), j.fields(), List.of(new CheckSpec(suite, null, null, Duration.ofMinutes(10))), j.deadLetterTopic(),
        j.features(), j.scoring(), j.windows(), j.outputTopic(), j.commitInterval(), j.processing(), j.bootstrapServers(),
        j.partitions());
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
         DuckDbEngine engine = DuckDbEngine.open(EngineSpec.DEFAULT, null)) {
      EventGenerator gen = EventGenerator.of(EventKind.USER_EVENTS, 5, 50, 0.04);
      try (EventProducer p = EventProducer.open(kafka.bootstrapServers(), new TopicSpec(job.topic(), job.partitions()),
          dir.resolve("buffer"))) {
        for (int i = 0; i < EVENTS; i++) {
          var e = gen.next();
          p.send(e.keyBytes(), e.valueBytes());
        }
        assertThat(p.drain(Duration.ofSeconds(60))).isTrue();
      }
      StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry(), job.name());
      try (IcebergWarehouse wh = IcebergWarehouse.open(dir.resolve("wh"))) {
        try (StreamRunner r = StreamRunner.start(job, kafka.bootstrapServers(), "wc", dir.resolve("state"),
            SuiteChecks.of(job, engine::session), metrics, wh, engine::session, "run-wc")) {
          r.awaitProcessed(EVENTS, Duration.ofMillis(300), Duration.ofSeconds(90));
        }
        Map<InvalidKind, Long> injected = gen.injected();
        long parsed = EVENTS - injected.getOrDefault(InvalidKind.MALFORMED_JSON, 0L)
            - injected.getOrDefault(InvalidKind.BAD_TIMESTAMP, 0L) - injected.getOrDefault(InvalidKind.WRONG_TYPE, 0L)
            - injected.getOrDefault(InvalidKind.MISSING_KEY, 0L);
        assertThat(metrics.snapshot().deadLettered()).isEqualTo(gen.injectedTotal());
        long[] judged = metrics.windowChecks();
        assertThat(judged[0] + judged[1]).isPositive();
        try (EngineSession s = engine.session()) {
          String t = WindowChecks.table(job);
          s.registerTable(t, wh.schema(t).orElseThrow(), wh.files(t));
          assertThat(s.query("SELECT count(*) FROM " + t).scalar()).isEqualTo(judged[0] + judged[1]);
          assertThat(s.query("SELECT count(*) - count(DISTINCT (window_start, expectation)) FROM " + t).scalar())
              .as("each window judged once").isEqualTo(0L);
          assertThat(s.query("SELECT count(DISTINCT expectation) FROM " + t).scalar()).isEqualTo(3L);
          long counted = ((Number) s.query("SELECT sum(CAST(observed_value AS BIGINT)) FROM " + t
              + " WHERE expectation = 'expect_table_row_count_to_be_between'").scalar()).longValue();
          assertThat(counted).as("events of closed windows: parsed events, valid or dead-lettered by checks")
              .isPositive().isLessThanOrEqualTo(parsed);
          assertThat(s.query("SELECT count(*) FROM " + t + " WHERE window_end - window_start <> INTERVAL 10 MINUTE")
              .scalar()).isEqualTo(0L);
        }
      }
    }
  }
}
