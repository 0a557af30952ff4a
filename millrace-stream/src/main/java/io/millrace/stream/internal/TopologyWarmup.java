package io.millrace.stream.internal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millrace.api.MillraceException;
import io.millrace.api.stream.Processing;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.stream.EventCheck;
import io.millrace.stream.StreamMetrics;
import io.millrace.stream.Warmup;
import io.millrace.stream.kafka.EventGenerator;
import io.millrace.stream.kafka.EventKind;
import io.millrace.stream.kafka.GeneratedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Runs a job's own topology on generated events before the job consumes, so that its per-event path
 * (parse, checks, features, score, output JSON, the state store's cache and RocksDB, Kafka Streams'
 * task loop) is compiled by the JIT before the first real event arrives instead of while a queue of
 * them forms.
 *
 * <p>Design notes. A job started on a topic that is already filling ran its first events
 * interpreted: at 10,000 events/s the first second's events waited up to 0.5 s (BENCHMARKS.md
 * section 5). The warm-up is the same topology built by {@link TopologyFactory} with a fresh feature
 * logic and throwaway metrics, run through Kafka Streams' {@link TopologyTestDriver}: no broker, no
 * network; its state lives in a temporary folder deleted afterwards, its "topics" in memory. So it
 * touches none of the job's state, topics, consumer group, warehouse tables, metrics or run store.
 * The job's window checks are left out (they evaluate windows on an engine session and write
 * scratch files); its per-event checks are pure and run as in the job. Events come from the
 * generator {@code millrace produce} uses, for jobs whose input it can generate; for other jobs
 * there is no warm-up. After the events, it waits briefly for the JIT to finish what the warm-up
 * queued (total compilation time unchanged for {@link #SETTLED}), up to {@link #SETTLE_LIMIT}.
 */
public final class TopologyWarmup {
  private static final Duration SETTLED = Duration.ofMillis(60);
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(2);
  private static final long SEED = 11;
  private static final int USERS = 1000;
  private static final double INVALID = 0.01;

  private TopologyWarmup() {}

  /**
   * Puts {@code events} generated events through a copy of the job's topology.
   *
   * @param check the job's per-event checks (its window checks are not run)
   * @return empty when {@code events} is 0 or no generator makes this job's input
   * @throws UncheckedIOException when the temporary state folder cannot be made
   * @throws MillraceException INTERNAL when the topology fails on the generated events
   */
  public static Optional<Warmup> run(StreamJobSpec job, EventCheck check, long events) {
    Optional<EventKind> kind = EventKind.of(job);
    if (events <= 0 || kind.isEmpty()) {
      return Optional.empty();
    }
    long t0 = System.nanoTime();
    Path dir;
    try {
      dir = Files.createTempDirectory("millrace-warmup-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long outputs;
    try {
      outputs = pipe(job, check, kind.get(), events, dir);
    } catch (RuntimeException e) {   // the job itself has not started: say how to start it without
      throw MillraceException.internal(e, "Cannot warm up stream job '%s' before it starts: %s (--warmup 0 "
          + "starts it without a warm-up)", job.name(), e.getMessage());
    } finally {
      delete(dir);
    }
    long t1 = System.nanoTime();
    settle();
    long t2 = System.nanoTime();
    return Optional.of(new Warmup(events, outputs, Duration.ofNanos(t2 - t0), Duration.ofNanos(t2 - t1)));
  }

  private static long pipe(StreamJobSpec job, EventCheck check, EventKind kind, long events, Path dir) {
    EventCheck perEvent = check::failures;   // without window checks
    var topology = TopologyFactory.build(job, perEvent, job.features() == null ? null : EngineFeatures.of(job),
        new StreamMetrics(new SimpleMeterRegistry(), job.name()));
    try (TopologyTestDriver driver = new TopologyTestDriver(topology, properties(job, dir))) {
      TestInputTopic<byte[], byte[]> in = driver.createInputTopic(job.topic(), new ByteArraySerializer(),
          new ByteArraySerializer());
      EventGenerator gen = EventGenerator.of(kind, SEED, USERS, INVALID);
      long outputs = 0;
      for (long i = 0; i < events; i++) {
        GeneratedEvent e = gen.next();
        in.pipeInput(e.keyBytes(), e.valueBytes());
        if (i % 1000 == 999 || i == events - 1) {
          outputs += drain(driver);
        }
      }
      return outputs;
    }
  }

  /**
   * Reads what the topology wrote so far (the driver keeps it in memory until read); returns the
   * records of the job's own topics (changelogs and repartition topics not counted).
   */
  private static long drain(TopologyTestDriver driver) {
    long n = 0;
    for (String t : driver.producedTopicNames()) {
      TestOutputTopic<byte[], byte[]> o = driver.createOutputTopic(t, new ByteArrayDeserializer(),
          new ByteArrayDeserializer());
      int read = o.readRecordsToList().size();
      n += t.endsWith("-changelog") || t.endsWith("-repartition") ? 0 : read;
    }
    return n;
  }

  private static Properties properties(StreamJobSpec job, Path dir) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "millrace-warmup-" + job.name());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "warmup.invalid:9092");   // never contacted
    p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, job.processing() == Processing.EXACTLY_ONCE_V2
        ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
    return p;
  }

  /** Waits until the JIT's total compilation time stops growing (or the limit passes). */
  private static void settle() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return;
    }
    long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
    long last = jit.getTotalCompilationTime();
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline && System.nanoTime() - stableSince < SETTLED.toNanos()) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long now = jit.getTotalCompilationTime();
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      }
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is harmless; the warm-up's result stands
    }
  }
}
