package io.millrace.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millrace.api.LogicalType;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.stream.Aggregation;
import io.millrace.api.stream.FeatureSet;
import io.millrace.api.stream.FeatureSpec;
import io.millrace.api.stream.FeatureWindow;
import io.millrace.api.stream.Processing;
import io.millrace.api.stream.ScoringSpec;
import io.millrace.api.stream.StreamField;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.api.stream.Threshold;
import io.millrace.lake.IcebergWarehouse;
import io.millrace.stream.features.FeatureSql;
import io.millrace.stream.internal.EngineFeatures;
import io.millrace.stream.kafka.EventGenerator;
import io.millrace.stream.kafka.EventKind;
import io.millrace.stream.kafka.EventProducer;
import io.millrace.stream.kafka.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stream jobs end to end on a real embedded broker, Iceberg warehouse and DuckDB: every event
 * accounted for, the lake tables, batch/stream parity, and a restart in the middle of a run.
 */
class StreamRunnerTest extends BrokerAndEngineTest {

  /** The generator's documented validity rules, as the job's per-event checks. */
  static final EventCheck USER_EVENT_RULES = r -> {
    List<String> failed = new ArrayList<>();
    if (!Set.of("page_view", "click", "add_to_cart", "purchase").contains(r.get("event_type"))) {
      failed.add("expect_column_values_to_be_in_set(event_type)");
    }
    if (r.get("amount") instanceof Double d && d < 0) {
      failed.add("expect_column_values_to_be_between(amount, min_value=0)");
    }
    return failed;
  };

  static StreamJobSpec job(String name, Processing processing) {
    FeatureSet features = new FeatureSet(List.of(
        FeatureSpec.lifetime("event_count", Aggregation.COUNT, null),
        FeatureSpec.lifetime("unique_event_types", Aggregation.COUNT_DISTINCT, "event_type"),
        FeatureSpec.lifetime("total_value", Aggregation.SUM, "amount"),
        new FeatureSpec("total_sessions", Aggregation.SESSION_COUNT, null, null, new FeatureWindow.Session(Duration.ofMinutes(30))),
        new FeatureSpec("recent_activity_7d", Aggregation.COUNT, null, null, new FeatureWindow.Trailing(Duration.ofDays(7)))),
        List.of(), List.of());
    ScoringSpec scoring = ScoringSpec.rules(Map.of("event_count", 0.1, "unique_event_types", 0.2, "total_value", 0.001),
        List.of(new Threshold("high_value_user", 0.7), new Threshold("medium_value_user", 0.3)), "low_value_user");
    return new StreamJobSpec(name, Path.of(name + ".yaml"), name, "user_id", "timestamp", null, Duration.ofMinutes(5),
        List.of(new StreamField("user_id", List.of("user_id"), LogicalType.BIGINT),
            new StreamField("event_type", List.of("event_type"), LogicalType.VARCHAR),
            new StreamField("amount", List.of("event_data", "amount"), LogicalType.DOUBLE),
            new StreamField("timestamp", List.of("timestamp"), LogicalType.TIMESTAMP)),
        List.of(), null, features, scoring, List.of(), null, Duration.ofMillis(500), processing, null, 2);
  }

  static EventGenerator produce(StreamJobSpec job, int n, double invalid) {
    EventGenerator gen = EventGenerator.of(EventKind.USER_EVENTS, 11, 50, invalid);
    produce(job, gen, n);
    return gen;
  }

  /** Sends the generator's next {@code n} events to the job's topic and waits until all are acknowledged. */
  static void produce(StreamJobSpec job, EventGenerator gen, int n) {
    try (EventProducer p = EventProducer.open(kafka.bootstrapServers(), new TopicSpec(job.topic(), job.partitions()),
        dir.resolve("buffer-" + job.name()))) {
      for (int i = 0; i < n; i++) {
        var e = gen.next();
        p.send(e.keyBytes(), e.valueBytes());
      }
      assertThat(p.drain(Duration.ofSeconds(180))).as("all events acknowledged").isTrue();
    }
  }

  static StreamRunner runner(StreamJobSpec job, IcebergWarehouse wh, StreamMetrics metrics) {
    return StreamRunner.start(job, kafka.bootstrapServers(), "test-" + job.name(), dir.resolve("state"), USER_EVENT_RULES,
        metrics, wh, engine::session, "run-" + job.name());
  }

  @Test
  void replayAccountsForEveryEventAndStreamFeaturesEqualBatchFeatures() throws Exception {
    StreamJobSpec job = job("replay", Processing.AT_LEAST_ONCE);
    try (IcebergWarehouse wh = IcebergWarehouse.open(dir.resolve("wh-replay"))) {
      EventGenerator gen = produce(job, 3000, 0.05);
      StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry(), job.name());
      try (StreamRunner r = runner(job, wh, metrics)) {
        r.awaitProcessed(3000, Duration.ofMillis(200), Duration.ofSeconds(120));
      }
      StreamMetrics.Snapshot s = metrics.snapshot();
      assertThat(gen.injectedTotal()).isEqualTo(150);
      assertThat(s.eventsIn()).isEqualTo(3000);
      // the 150 invalid events, plus any event the producer re-sent so late (after a send timeout on
      // a loaded machine) that it falls behind its entity's clock by more than the grace period
      long valid = s.outputs();
      assertThat(s.deadLettered()).isGreaterThanOrEqualTo(150).isEqualTo(3000 - valid);
      assertThat(valid).isGreaterThan(2800);
      assertThat(StreamTestSupport.committed(kafka.bootstrapServers(), job.deadLetterTopic())).isEqualTo(3000 - valid);
      assertThat(StreamTestSupport.committed(kafka.bootstrapServers(), job.outputTopic())).isEqualTo(valid);
      try (EngineSession session = engine.session()) {
        register(session, wh, job.eventsTable());
        register(session, wh, job.featuresTable());
        assertThat(session.query("SELECT count(*) FROM replay_events").scalar()).isEqualTo(valid);
        assertThat(session.query("SELECT count(DISTINCT (_partition, _offset)) FROM replay_events").scalar()).isEqualTo(valid);
        Map<Object, Map<String, Object>> stream = StreamTestSupport.byKey(session.query("SELECT * EXCLUDE (_event_time) FROM replay_features"));
        FeatureSql sql = FeatureSql.of(EngineFeatures.engine(job));
        Map<Object, Map<String, Object>> batch = StreamTestSupport.byKey(session.query(
            sql.latest(new FeatureSql.EventTable("replay_events", "user_id", "timestamp", "_offset"))));
        assertThat(stream).hasSize(batch.size());
        assertThat(stream.keySet()).hasSizeGreaterThan(10);
        assertThat(stream).isEqualTo(batch);
        assertThat(stream.values().stream().mapToLong(m -> ((Number) m.get("event_count")).longValue()).sum())
            .as("every event passed on is counted in its entity's features").isEqualTo(valid);
      }
    }
  }

  /**
   * Stops the job after at least a quarter of the events (half are sent before it starts, the other
   * half while it is stopped) and restarts it. Exactly-once: every valid
   * event is in the final state once. At-least-once: at least once (a clean stop commits, so here
   * also once, but the guarantee is only "at least"). The lake holds each event once either way.
   */
  @ParameterizedTest
  @EnumSource(Processing.class)
  void restartInTheMiddleLosesNothingAndTheLakeHoldsEachEventOnce(Processing processing) throws Exception {
    String name = "restart_" + processing.name().toLowerCase(java.util.Locale.ROOT);
    StreamJobSpec job = job(name, processing);
    try (IcebergWarehouse wh = IcebergWarehouse.open(dir.resolve("wh-restart"))) {
      // half the events before the stop, half while the job is down: a fast machine cannot read them
      // all before the stop takes effect
      EventGenerator gen = produce(job, 2000, 0.02);
      StreamMetrics first = new StreamMetrics(new SimpleMeterRegistry(), job.name());
      try (StreamRunner r = runner(job, wh, first)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (first.snapshot().eventsIn() < 1000 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
      }
      long firstIn = first.snapshot().eventsIn();
      assertThat(firstIn).as("stopped in the middle").isBetween(1000L, 2000L);
      produce(job, gen, 2000);
      StreamMetrics second = new StreamMetrics(new SimpleMeterRegistry(), job.name());
      try (StreamRunner r = runner(job, wh, second)) {
        r.awaitProcessed(4000 - firstIn, Duration.ofMillis(200), Duration.ofSeconds(120));
      }
      long valid = 4000 - gen.injectedTotal();
      long dead = first.snapshot().deadLettered() + second.snapshot().deadLettered();
      if (processing == Processing.EXACTLY_ONCE_V2) {
        assertThat(dead).isEqualTo(gen.injectedTotal());
      } else {
        assertThat(dead).isGreaterThanOrEqualTo(gen.injectedTotal());
      }
      try (EngineSession session = engine.session()) {
        register(session, wh, job.eventsTable());
        register(session, wh, job.featuresTable());
        long rows = (Long) session.query("SELECT count(*) FROM " + job.eventsTable()).scalar();
        assertThat(session.query("SELECT count(DISTINCT (_partition, _offset)) FROM " + job.eventsTable()).scalar())
            .isEqualTo(valid);
        long counted = ((Number) session.query("SELECT sum(event_count) FROM " + job.featuresTable()).scalar()).longValue();
        if (processing == Processing.EXACTLY_ONCE_V2) {
          assertThat(rows).isEqualTo(valid);
          assertThat(counted).as("every valid event counted exactly once in the final state").isEqualTo(valid);
        } else {
          assertThat(rows).isGreaterThanOrEqualTo(valid);
          assertThat(counted).as("every valid event counted at least once").isGreaterThanOrEqualTo(valid);
        }
      }
      if (processing == Processing.EXACTLY_ONCE_V2) {
        assertThat(StreamTestSupport.committed(kafka.bootstrapServers(), job.deadLetterTopic())).isEqualTo(gen.injectedTotal());
      } else {
        assertThat(StreamTestSupport.committed(kafka.bootstrapServers(), job.deadLetterTopic())).isGreaterThanOrEqualTo(gen.injectedTotal());
      }
    }
  }

  private static void register(EngineSession session, IcebergWarehouse wh, String table) {
    session.registerTable(table, wh.schema(table).orElseThrow(), wh.files(table));
  }
}
