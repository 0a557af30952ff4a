package io.millrace.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * A stream job's meters in a Micrometer registry, tagged {@code job=<name>}: counters
 * {@code millrace.stream.events.in}, {@code .dead_lettered}, {@code .outputs}, the
 * timer {@code millrace.stream.latency} (input record timestamp to output, with p50/p99) and the
 * gauge {@code millrace.stream.consumer_lag}, and the window checks {@code millrace.stream.window_checks}
 * (tag {@code success}) and {@code millrace.stream.window_checks.late_events}. Thread-safe.
 */
public final class StreamMetrics {
  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter in;
  private final Counter dead;
  private final Counter outputs;
  private final Timer latency;
  private final Counter windowChecksPassed;
  private final Counter windowChecksFailed;
  private final Counter windowCheckLate;
  private final long startNanos = System.nanoTime();
  private volatile long firstIn;
  private volatile long lastIn;

  public StreamMetrics(MeterRegistry registry, String job) {
    this.registry = registry;
    this.tags = Tags.of("job", job);
    this.in = registry.counter("millrace.stream.events.in", tags);
    this.dead = registry.counter("millrace.stream.events.dead_lettered", tags);
    this.outputs = registry.counter("millrace.stream.events.outputs", tags);
    this.windowChecksPassed = registry.counter("millrace.stream.window_checks", tags.and("success", "true"));
    this.windowChecksFailed = registry.counter("millrace.stream.window_checks", tags.and("success", "false"));
    this.windowCheckLate = registry.counter("millrace.stream.window_checks.late_events", tags);
    this.latency = Timer.builder("millrace.stream.latency").tags(tags)
        .description("input record timestamp to output record")
        .publishPercentiles(0.5, 0.99).distributionStatisticExpiry(Duration.ofHours(1)).register(registry);
  }

  /** Registers the consumer-lag gauge (records behind the input topic's end, summed over partitions). */
  public void lag(DoubleSupplier lag) {
    registry.gauge("millrace.stream.consumer_lag", tags, lag, DoubleSupplier::getAsDouble);
  }

  public void in() {
    long now = System.nanoTime();
    if (firstIn == 0) {
      firstIn = now;
    }
    lastIn = now;
    in.increment();
  }

  public void deadLettered() {
    dead.increment();
  }

  /** One output record, {@code millis} after its input was produced. */
  public void output(long millis) {
    outputs.increment();
    latency.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
  }

  /** One relation-level expectation judged on one window. */
  public void windowCheck(boolean success) {
    (success ? windowChecksPassed : windowChecksFailed).increment();
  }

  /** An event that arrived after its check window was judged (not counted in any window). */
  public void windowCheckLate() {
    windowCheckLate.increment();
  }

  /** Window checks judged so far: {@code [passed, failed, late events]}. */
  public long[] windowChecks() {
    return new long[] {(long) windowChecksPassed.count(), (long) windowChecksFailed.count(), (long) windowCheckLate.count()};
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The counters now, and throughput since this object was made. */
  public Snapshot snapshot() {
    HistogramSnapshot h = latency.takeSnapshot();
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    for (ValueAtPercentile v : h.percentileValues()) {
      if (v.percentile() == 0.5) {
        p50 = v.value(TimeUnit.MILLISECONDS);
      } else if (v.percentile() == 0.99) {
        p99 = v.value(TimeUnit.MILLISECONDS);
      }
    }
    if (outputs.count() == 0) {
      p50 = Double.NaN;
      p99 = Double.NaN;
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double busy = firstIn == 0 ? 0 : (lastIn - firstIn) / 1e9;
    return new Snapshot((long) in.count(), (long) (in.count() - dead.count()), (long) dead.count(), (long) outputs.count(),
        seconds, busy, p50, p99);
  }

  /**
   * @param eventsIn records read from the input topic
   * @param valid events that passed parsing, checks and feature evaluation (in minus dead-lettered)
   * @param deadLettered events sent to the dead-letter topic
   * @param outputs records written to the output topic
   * @param seconds since the metrics started
   * @param busySeconds from the first input record processed to the last
   * @param latencyP50Ms median input-to-output latency (NaN before the first output)
   * @param latencyP99Ms 99th percentile latency
   */
  public record Snapshot(long eventsIn, long valid, long deadLettered, long outputs, double seconds,
                         double busySeconds, double latencyP50Ms, double latencyP99Ms) {
    /** Events processed per second while busy (from the first to the last input record). */
    public double throughput() {
      return busySeconds <= 0 ? 0 : eventsIn / busySeconds;
    }
  }
}
