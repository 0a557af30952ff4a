package io.millrace.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.stream.Processing;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.lake.IcebergWarehouse;
import io.millrace.stream.kafka.EmbeddedKafka;
import io.millrace.stream.kafka.EventGenerator;
import io.millrace.stream.kafka.EventKind;
import io.millrace.stream.kafka.EventProducer;
import io.millrace.stream.kafka.TopicSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Delivery guarantees under faults (issue 6, point 9), on a real embedded broker, Iceberg and
 * DuckDB: the broker is shut down in the middle of a run and started again on the same directory
 * and port; the job's process is killed with SIGKILL in the middle of a run and a new job resumes.
 * Exactly-once: every valid event is in the final state and in {@code <job>_events} once, and the
 * dead-letter topic holds exactly the invalid events injected. At-least-once: at least once.
 */
class FaultToleranceTest extends BrokerAndEngineTest {
  static final int EVENTS = 3000;
  /**
   * Events of the kill test: enough that the job is still reading when a quarter is done, also on a
   * quiet machine where the child processes thousands of events per 10 ms.
   */
  static final int KILL_EVENTS = 20_000;

  @ParameterizedTest
  @EnumSource(Processing.class)
  void brokerStoppedAndRestartedMidRunLosesNothing(Processing processing) throws Exception {
    StreamJobSpec job = StreamRunnerTest.job("broker_" + suffix(processing), processing);
    Path wh = dir.resolve("wh-" + job.name());
    EventGenerator gen = generator();
    produce(job, gen, EVENTS / 2);
    StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry(), job.name());
    try (IcebergWarehouse w = IcebergWarehouse.open(wh);
         StreamRunner r = runner(job, w, metrics)) {
      // the job has processed some events when the broker goes away; half of the run's events are
      // produced only after the broker is back (how far the first half got depends on the machine)
      awaitIn(() -> metrics.snapshot().eventsIn(), EVENTS / 8);
      int port = kafka.port();
      kafka.close();
      try {
        Thread.sleep(3000);
        r.check();
      } finally {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), port);
      }
      produce(job, gen, EVENTS / 2);   // and more work after the broker is back
      r.awaitProcessed(EVENTS, Duration.ofMillis(300), Duration.ofSeconds(120));
    }
    assertGuarantees(job, wh, gen, processing, EVENTS);
  }

  @ParameterizedTest
  @EnumSource(Processing.class)
  void jobProcessKilledMidRunAndResumedLosesNothing(Processing processing) throws Exception {
    StreamJobSpec job = StreamRunnerTest.job("kill_" + suffix(processing), processing);
    Path wh = dir.resolve("wh-" + job.name());
    Path state = dir.resolve("state-" + job.name());
    EventGenerator gen = generator();
    produce(job, gen, KILL_EVENTS);
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), StreamChild.class.getName(), kafka.bootstrapServers(), job.name(),
        processing.name(), state.toString(), wh.toString())
        .redirectError(dir.resolve(job.name() + ".child.err").toFile()).start();
    long killedAt;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      long in = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (in < KILL_EVENTS / 4 && System.nanoTime() < deadline) {
        String line = out.readLine();
        assertThat(line).as("the child job runs (see %s)", dir.resolve(job.name() + ".child.err")).isNotNull();
        in = Long.parseLong(line.substring(3));
      }
      child.destroyForcibly().waitFor();   // SIGKILL: no shutdown hook, no commit, no close
      killedAt = in;
    }
    assertThat(killedAt).as("killed in the middle of the run").isBetween((long) KILL_EVENTS / 4, KILL_EVENTS - 1L);
    StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry(), job.name());
    try (IcebergWarehouse w = IcebergWarehouse.open(wh);
         StreamRunner r = StreamRunner.start(job, kafka.bootstrapServers(), "test-" + job.name(), state,
             StreamRunnerTest.USER_EVENT_RULES, metrics, w, engine::session, "resumed-" + job.name())) {
      r.awaitProcessed(1, Duration.ofMillis(500), Duration.ofSeconds(90));
    }
    assertGuarantees(job, wh, gen, processing, KILL_EVENTS);
  }

  private static void assertGuarantees(StreamJobSpec job, Path wh, EventGenerator gen, Processing processing, int events) {
    long valid = events - gen.injectedTotal();
    assertThat(gen.injectedTotal()).isPositive();
    try (IcebergWarehouse w = IcebergWarehouse.open(wh); EngineSession session = engine.session()) {
      for (String t : List.of(job.eventsTable(), job.featuresTable())) {
        session.registerTable(t, w.schema(t).orElseThrow(), w.files(t));
      }
      long rows = (Long) session.query("SELECT count(*) FROM " + job.eventsTable()).scalar();
      long distinct = (Long) session.query("SELECT count(DISTINCT (_partition, _offset)) FROM " + job.eventsTable()).scalar();
      long counted = ((Number) session.query("SELECT sum(event_count) FROM " + job.featuresTable()).scalar()).longValue();
      long dead = StreamTestSupport.committed(kafka.bootstrapServers(), job.deadLetterTopic());
      assertThat(distinct).as("every valid event is in %s", job.eventsTable()).isEqualTo(valid);
      if (processing == Processing.EXACTLY_ONCE_V2) {
        assertThat(rows).as("each valid event once in %s", job.eventsTable()).isEqualTo(valid);
        assertThat(counted).as("every valid event counted exactly once in the final state").isEqualTo(valid);
        assertThat(dead).as("dead letters = invalid events injected").isEqualTo(gen.injectedTotal());
        assertThat(StreamTestSupport.committed(kafka.bootstrapServers(), job.outputTopic()))
            .as("one committed output per valid event").isEqualTo(valid);
      } else {
        assertThat(rows).isGreaterThanOrEqualTo(valid);
        assertThat(counted).as("every valid event counted at least once").isGreaterThanOrEqualTo(valid);
        assertThat(dead).isGreaterThanOrEqualTo(gen.injectedTotal());
      }
    }
  }

  private static String suffix(Processing p) {
    return p.name().toLowerCase(Locale.ROOT);
  }

  private static StreamRunner runner(StreamJobSpec job, IcebergWarehouse wh, StreamMetrics metrics) {
    return StreamRunner.start(job, kafka.bootstrapServers(), "test-" + job.name(), dir.resolve("state-" + job.name()),
        StreamRunnerTest.USER_EVENT_RULES, metrics, wh, engine::session, "run-" + job.name());
  }

  private static void awaitIn(java.util.function.LongSupplier in, long n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (in.getAsLong() < n && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertThat(in.getAsLong()).isGreaterThanOrEqualTo(n);
  }

  private static EventGenerator generator() {
    return EventGenerator.of(EventKind.USER_EVENTS, 13, 50, 0.03);
  }

  private static void produce(StreamJobSpec job, EventGenerator gen, int n) {
    try (EventProducer p = EventProducer.open(kafka.bootstrapServers(), new TopicSpec(job.topic(), job.partitions()),
        dir.resolve("buffer-" + job.name()))) {
      for (int i = 0; i < n; i++) {
        var e = gen.next();
        p.send(e.keyBytes(), e.valueBytes());
      }
      assertThat(p.drain(Duration.ofSeconds(60))).as("all events acknowledged").isTrue();
    }
  }
}
