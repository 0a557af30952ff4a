package io.millrace.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.stream.Processing;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.lake.IcebergWarehouse;
import io.millrace.stream.features.FeatureSql;
import io.millrace.stream.internal.EngineFeatures;
import io.millrace.stream.kafka.EventGenerator;
import io.millrace.stream.kafka.EventKind;
import io.millrace.stream.kafka.EventProducer;
import io.millrace.stream.kafka.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one stream job (same application id, separate state folders, each its own
 * warehouse handle on one shared warehouse folder) on a 4-partition input: the Kafka Streams part
 * and the lake sinks share the partitions, and the lake holds every valid event exactly once, also
 * when one instance stops in the middle and the other takes its partitions over.
 */
class LakeSinkGroupTest extends BrokerAndEngineTest {

  static StreamJobSpec job(String name) {
    StreamJobSpec j = StreamRunnerTest.job(name, Processing.AT_LEAST_ONCE);
    return new StreamJobSpec(j.name(), j.file(), j.topic(), j.key(), j.eventTime(), j.eventTimeFormat(), j.grace(),
        j.fields(), j.checks(), j.deadLetterTopic(), j.features(), j.scoring(), j.windows(), j.outputTopic(),
        j.commitInterval(), j.processing(), null, 4);
  }

  /** Produces events {@code from} (inclusive) to {@code to} of one generator sequence. */
  static void produce(StreamJobSpec job, EventGenerator gen, int n) {
    try (EventProducer p = EventProducer.open(kafka.bootstrapServers(), new TopicSpec(job.topic(), job.partitions()),
        dir.resolve("buffer-" + job.name()))) {
      for (int i = 0; i < n; i++) {
        var e = gen.next();
        p.send(e.keyBytes(), e.valueBytes());
      }
      assertThat(p.drain(Duration.ofSeconds(120))).as("all events acknowledged").isTrue();
    }
  }

  private static StreamRunner runner(StreamJobSpec job, IcebergWarehouse wh, String instance, StreamMetrics m) {
    return StreamRunner.start(job, kafka.bootstrapServers(), "test-" + job.name(), dir.resolve(instance),
        StreamRunnerTest.USER_EVENT_RULES, m, wh, engine::session, "run-" + job.name() + "-" + instance);
  }

  /** Waits until both instances' Kafka Streams read input partitions (so both get events). */
  private static void settle(StreamRunner a, StreamRunner b) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && !(ready(a) && ready(b))) {
      a.check();
      b.check();
      Thread.sleep(100);
    }
  }

  private static boolean ready(StreamRunner r) {
    return r.job().running() && !Double.isNaN(r.job().consumerLag());
  }

  private static void awaitIn(long n, StreamMetrics... ms) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    long in = 0;
    while (System.nanoTime() < deadline) {
      in = 0;
      for (StreamMetrics m : ms) {
        in += m.snapshot().eventsIn();
      }
      if (in >= n) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("only " + in + " of " + n + " events read");
  }

  @Test
  void twoInstancesWriteEachEventOnceIntoOneWarehouse() throws Exception {
    StreamJobSpec job = job("lakeshare");
    int n = 4000;
    EventGenerator gen = EventGenerator.of(EventKind.USER_EVENTS, 11, 60, 0.05);
    StreamMetrics ma = new StreamMetrics(new SimpleMeterRegistry(), job.name());
    StreamMetrics mb = new StreamMetrics(new SimpleMeterRegistry(), job.name());
    long rowsA;
    long rowsB;
    try (IcebergWarehouse wa = IcebergWarehouse.open(dir.resolve("wh-share"));
         IcebergWarehouse wb = IcebergWarehouse.open(dir.resolve("wh-share"))) {
      try (StreamRunner a = runner(job, wa, "a", ma); StreamRunner b = runner(job, wb, "b", mb)) {
        settle(a, b);
        produce(job, gen, n);
        awaitIn(n, ma, mb);
        a.awaitProcessed(0, Duration.ofMillis(300), Duration.ofSeconds(60));
        // both sinks committed while running (each its own partitions)
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((a.committedRows() == 0 || b.committedRows() == 0) && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        rowsA = a.committedRows();
        rowsB = b.committedRows();
      }
      System.out.printf(Locale.ROOT, "instance a read %d events and wrote %d lake rows, b %d and %d%n",
          ma.snapshot().eventsIn(), rowsA, mb.snapshot().eventsIn(), rowsB);
      assertThat(ma.snapshot().eventsIn()).as("instance a has input partitions").isPositive();
      assertThat(mb.snapshot().eventsIn()).as("instance b has input partitions").isPositive();
      assertThat(rowsA).as("sink a has partitions").isPositive();
      assertThat(rowsB).as("sink b has partitions").isPositive();
    }
    assertExactlyOnce(job, dir.resolve("wh-share"), engine, n - gen.injectedTotal());
  }

  @Test
  void anInstanceStoppedInTheMiddleIsTakenOverAndTheLakeStaysExactlyOnce() throws Exception {
    StreamJobSpec job = job("laketakeover");
    int n = 4000;
    EventGenerator gen = EventGenerator.of(EventKind.USER_EVENTS, 13, 60, 0.05);
    StreamMetrics ma = new StreamMetrics(new SimpleMeterRegistry(), job.name());
    StreamMetrics mb = new StreamMetrics(new SimpleMeterRegistry(), job.name());
    try (IcebergWarehouse wa = IcebergWarehouse.open(dir.resolve("wh-takeover"));
         IcebergWarehouse wb = IcebergWarehouse.open(dir.resolve("wh-takeover"));
         StreamRunner b = runner(job, wb, "b", mb)) {
      try (StreamRunner a = runner(job, wa, "a", ma)) {
        settle(a, b);
        produce(job, gen, n / 2);
        awaitIn(n / 2, ma, mb);
        assertThat(ma.snapshot().eventsIn()).as("instance a has input partitions").isPositive();
      }   // a stops (its sink drained what it had) with events still to come
      produce(job, gen, n / 2);
      awaitIn(n, ma, mb);
      b.awaitProcessed(0, Duration.ofMillis(300), Duration.ofSeconds(60));
    }
    assertExactlyOnce(job, dir.resolve("wh-takeover"), engine, n - gen.injectedTotal());
  }

  /**
   * The events table holds {@code valid} rows, each {@code (_partition, _offset)} once, of all 4
   * partitions; the features table equals the batch computation over the events table.
   */
  static void assertExactlyOnce(StreamJobSpec job, Path warehouse, DuckDbEngine engine, long valid) {
    try (IcebergWarehouse wh = IcebergWarehouse.open(warehouse);
         EngineSession session = engine.session()) {
      String events = job.eventsTable();
      String features = job.featuresTable();
      session.registerTable(events, wh.schema(events).orElseThrow(), wh.files(events));
      session.registerTable(features, wh.schema(features).orElseThrow(), wh.files(features));
      assertThat(session.query("SELECT count(*) FROM " + events).scalar()).as("events rows").isEqualTo(valid);
      assertThat(session.query("SELECT count(DISTINCT (_partition, _offset)) FROM " + events).scalar())
          .as("distinct events").isEqualTo(valid);
      assertThat(session.query("SELECT count(DISTINCT _partition) FROM " + events).scalar()).isEqualTo(4L);
      Map<Object, Map<String, Object>> stream = StreamTestSupport.byKey(session.query("SELECT * EXCLUDE (_event_time) FROM " + features));
      FeatureSql sql = FeatureSql.of(EngineFeatures.engine(job));
      Map<Object, Map<String, Object>> batch = StreamTestSupport.byKey(session.query(
          sql.latest(new FeatureSql.EventTable(events, "user_id", "timestamp", "_offset"))));
      assertThat(session.query("SELECT count(*) FROM " + features).scalar()).as("one row per key")
          .isEqualTo((long) batch.size());
      assertThat(stream.keySet()).hasSizeGreaterThan(10);
      assertThat(stream).isEqualTo(batch);
    }
  }
}
