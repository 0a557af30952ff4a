package io.millrace.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.Warehouse;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.lake.IcebergWarehouse;
import io.millrace.stream.internal.LakeSink;
import io.millrace.stream.kafka.EventGenerator;
import io.millrace.stream.kafka.EventKind;
import io.millrace.stream.kafka.EventProducer;
import io.millrace.stream.kafka.TopicSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A zombie lake sink: two real sinks of one job (each its own warehouse handle on one folder) share
 * the 4 partitions of its output topic; sink A stalls in a commit (held before it reaches the
 * warehouse) longer than its {@code max.poll.interval}, so the group gives its partitions to B, which
 * reads A's uncommitted rows again from the table's positions. Whichever of the two then commits
 * those partitions first wins and the other is fenced: the events table holds every valid event
 * exactly once and the features table equals the batch computation over it.
 */
class LakeSinkFencingTest extends BrokerAndEngineTest {

  @Test
  void aZombieCommittingAfterTheNewOwnerIsFencedOff() throws Exception {
    try (Pair s = new Pair("fencelate")) {
      Stall stallA = s.stallA;
      s.awaitShared();
      stallA.arm(r -> true);
      s.produce(1000);
      await(s, "a commit of a was held", stallA::entered);
      await(s, "b took a's partitions over", () -> s.b.ownedPartitions() == 4);
      // b re-reads what a holds uncommitted and commits it
      await(s, "b committed every event", () -> s.rowsInLake() == s.valid());
      stallA.release();
      await(s, "a was fenced off", () -> s.a.fencedPartitions() > 0);
      s.produce(500);   // after a rejoined, both share the partitions again
      await(s, "every event in the lake", () -> s.rowsInLake() == s.valid());
      s.finish();
      System.out.printf(Locale.ROOT, "zombie a dropped %d rows of %d partitions; b dropped %d%n",
          s.a.fencedRows(), s.a.fencedPartitions(), s.b.fencedRows());
      assertThat(s.a.fencedRows()).as("rows the zombie held, dropped").isPositive();
      assertThat(s.b.fencedPartitions()).as("the new owner committed first: never fenced").isZero();
    }
  }

  @Test
  void aNewOwnerCommittingAfterTheZombieIsFencedOff() throws Exception {
    try (Pair s = new Pair("fenceearly")) {
      s.awaitShared();
      s.stallA.arm(r -> true);
      // b's first commit once it owns a's partitions too is held (while a's is): a commits them first
      s.stallB.arm(r -> s.b.ownedPartitions() == 4 && s.stallA.entered());
      s.produce(1000);
      await(s, "a commit of a was held", s.stallA::entered);
      await(s, "a commit of b was held", s.stallB::entered);
      s.stallA.release();
      await(s, "a committed what it held", () -> s.stallA.done());
      s.stallB.release();
      await(s, "b was fenced off", () -> s.b.fencedPartitions() > 0);
      s.produce(500);
      await(s, "every event in the lake", () -> s.rowsInLake() == s.valid());
      s.finish();
      System.out.printf(Locale.ROOT, "new owner b dropped %d rows of %d partitions; a dropped %d%n",
          s.b.fencedRows(), s.b.fencedPartitions(), s.a.fencedRows());
      assertThat(s.b.fencedRows()).as("rows b read again after the zombie's commit, dropped").isPositive();
      assertThat(s.a.fencedPartitions()).as("the zombie committed first: not fenced").isZero();
    }
  }

  private static void await(Pair s, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!condition.getAsBoolean()) {
      if (s.failure.get() != null) {
        throw new AssertionError("a sink failed", s.failure.get());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what + ": " + s);
      }
      Thread.sleep(100);
    }
  }

  /** One stream job (Kafka Streams part) and two lake sinks, a and b, each behind a {@link Stall}. */
  private static final class Pair implements AutoCloseable {
    final StreamJobSpec job;
    final Path warehouse;
    final EventGenerator gen = EventGenerator.of(EventKind.USER_EVENTS, 17, 60, 0.05);
    final IcebergWarehouse wa;
    final IcebergWarehouse wb;
    final Stall stallA;
    final Stall stallB;
    final StreamJob streams;
    final LakeSink a;
    final LakeSink b;
    final Thread ta;
    final Thread tb;
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    long produced;

    Pair(String name) {
      job = LakeSinkGroupTest.job(name);
      warehouse = dir.resolve("wh-" + name);
      wa = IcebergWarehouse.open(warehouse);
      wb = IcebergWarehouse.open(warehouse);
      stallA = new Stall(wa, job.eventsTable());
      stallB = new Stall(wb, job.eventsTable());
      String app = "test-" + name;
      streams = StreamJob.start(job, kafka.bootstrapServers(), app, dir.resolve(name).resolve("streams"),
          StreamRunnerTest.USER_EVENT_RULES, new StreamMetrics(new SimpleMeterRegistry(), name));
      // a gives its partitions up after 20 s without polling (not less: on a loaded machine a sink's
      // first assignment or commit can take several seconds, making it a zombie before it is held);
      // b after Kafka's default 5 minutes
      a = new LakeSink(job, kafka.bootstrapServers(), app, stallA.proxy(), engine::session, dir.resolve(name).resolve("a"),
          "run-a", streams.featureTypes(), Duration.ofSeconds(20));
      b = new LakeSink(job, kafka.bootstrapServers(), app, stallB.proxy(), engine::session, dir.resolve(name).resolve("b"),
          "run-b", streams.featureTypes(), null);
      ta = run(a, name + "-a");
      tb = run(b, name + "-b");
    }

    private Thread run(LakeSink sink, String name) {
      Thread t = new Thread(() -> {
        try {
          sink.resume();
          sink.run();
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, name);
      t.start();
      return t;
    }

    /** Waits until each sink owns two partitions, then produces events and waits until both committed rows. */
    void awaitShared() throws InterruptedException {
      await(this, "both sinks own partitions", () -> a.ownedPartitions() == 2 && b.ownedPartitions() == 2);
      produce(1000);
      await(this, "both sinks committed rows", () -> a.committedRows() > 0 && b.committedRows() > 0
          && a.ownedPartitions() == 2 && b.ownedPartitions() == 2);
    }

    void produce(int n) {
      try (EventProducer p = EventProducer.open(kafka.bootstrapServers(), new TopicSpec(job.topic(), job.partitions()),
          dir.resolve("buffer-" + job.name()))) {
        for (int i = 0; i < n; i++) {
          var e = gen.next();
          p.send(e.keyBytes(), e.valueBytes());
        }
        assertThat(p.drain(Duration.ofSeconds(120))).as("all events acknowledged").isTrue();
      }
      produced += n;
    }

    long valid() {
      return produced - gen.injectedTotal();
    }

    /** Distinct events in the events table (0 before its first commit). */
    long rowsInLake() {
      if (failure.get() != null) {
        throw new AssertionError("a sink failed", failure.get());
      }
      try (IcebergWarehouse wh = IcebergWarehouse.open(warehouse); EngineSession session = engine.session()) {
        String events = job.eventsTable();
        if (!wh.exists(events)) {
          return 0;
        }
        session.registerTable(events, wh.schema(events).orElseThrow(), wh.files(events));
        return (Long) session.query("SELECT count(DISTINCT (_partition, _offset)) FROM " + events).scalar();
      }
    }

    /** Stops both sinks (each commits what it holds), then checks the lake. */
    void finish() throws InterruptedException {
      a.stop();
      b.stop();
      ta.join(60_000);
      tb.join(60_000);
      assertThat(failure.get()).as("sink failure").isNull();
      LakeSinkGroupTest.assertExactlyOnce(job, warehouse, engine, valid());
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "a committed %d rows, owns %d partitions, fenced %d; b %d, %d, %d; "
          + "%d valid events produced, %d read by the job, %d in the lake", a.committedRows(), a.ownedPartitions(),
          a.fencedPartitions(), b.committedRows(), b.ownedPartitions(), b.fencedPartitions(), valid(),
          streams.metrics().snapshot().eventsIn(), rowsInLake());
    }

    @Override
    public void close() throws InterruptedException {
      stallA.release();
      stallB.release();
      a.stop();
      b.stop();
      ta.join(60_000);
      tb.join(60_000);
      a.close();
      b.close();
      streams.close();
      wa.close();
      wb.close();
    }
  }

  /**
   * The real warehouse, whose next commit to one table matching a condition, once armed, waits until
   * released: a sink hanging in a commit.
   */
  private static final class Stall {
    private final Warehouse target;
    private final String table;
    private volatile Predicate<CommitRequest> armed;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean done;

    Stall(Warehouse target, String table) {
      this.target = target;
      this.table = table;
    }

    void arm(Predicate<CommitRequest> when) {
      armed = when;
    }

    /** Whether the armed commit is being held. */
    boolean entered() {
      return entered.getCount() == 0;
    }

    void release() {
      released.countDown();
    }

    /** Whether the held commit has returned (committed or refused). */
    boolean done() {
      return done;
    }

    Warehouse proxy() {
      return (Warehouse) Proxy.newProxyInstance(Warehouse.class.getClassLoader(), new Class<?>[] {Warehouse.class},
          (proxy, method, args) -> {
            boolean hold = false;
            if (method.getName().equals("commit") && args[0] instanceof CommitRequest r && r.table().equals(table)) {
              Predicate<CommitRequest> when = armed;
              if (when != null && when.test(r)) {
                armed = null;
                hold = true;
                entered.countDown();
                released.await();
              }
            }
            try {
              return method.invoke(target, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            } finally {
              if (hold) {
                done = true;
              }
            }
          });
    }
  }
}
