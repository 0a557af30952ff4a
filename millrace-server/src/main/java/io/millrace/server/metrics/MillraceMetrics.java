package io.millrace.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.millrace.api.run.RunRecord;
import io.millrace.api.spi.RunStore;
import io.millrace.api.spi.Warehouse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A project's Prometheus metrics: one Micrometer {@link PrometheusMeterRegistry} tagged
 * {@code project=<name>}, fed two ways.
 *
 * <ul>
 *   <li>Events of this process: {@link #runEnded} and {@link #nodeEnded} (called by a pipeline listener
 *       the CLI chains into {@code run}, {@code backfill} and {@code schedule}), {@link #featureLookup}
 *       (feature serving), and any meter a capability registers in {@link #registry()} (stream jobs).
 *       These are counters and histograms: they start at zero with the process.</li>
 *   <li>The state of the project, computed at scrape time from the run store and the warehouse and kept
 *       for a few seconds ({@link StoreGauges}), so {@code millrace serve} shows runs made by other
 *       processes: runs by state, the last run, quality scores, null fractions, freshness.</li>
 * </ul>
 *
 * <p>Labels are low-cardinality by design: project, node, table, column (of checked tables), job,
 * view, state — never run ids or entity keys. Thread-safe.
 */
public final class MillraceMetrics {
  /** Run and node duration histogram buckets: a second to a day. */
  private static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofMinutes(5),
      Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4), Duration.ofDays(1)};
  /** Feature lookup buckets: 100 µs to 1 s. */
  private static final Duration[] LOOKUP_BUCKETS = {Duration.ofNanos(100_000), Duration.ofNanos(500_000),
      Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1)};

  private final PrometheusMeterRegistry registry;
  private final StoreGauges gauges;

  /**
   * @param project the project name (the {@code project} label of every metric)
   * @param store the run store the scrape-time gauges read
   * @param warehouse the warehouse (opened on first scrape), for table freshness and rows; may return null
   * @param cacheFor how long scrape-time values are reused before they are computed again in the background
   */
  public MillraceMetrics(String project, RunStore store, Supplier<Warehouse> warehouse, Duration cacheFor) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("project", Objects.requireNonNull(project, "project"));
    this.gauges = new StoreGauges(project, store, warehouse, cacheFor);
  }

  /**
   * The registry of this process's meters, for other capabilities (e.g. a stream job's counters, tagged
   * {@code job}). The scrape-time state gauges are not in it (they are rendered apart, see {@link #scrape}).
   */
  public MeterRegistry registry() {
    return registry;
  }

  /** A run of this process ended: its duration and state. */
  public void runEnded(RunRecord run) {
    String state = run.state().name().toLowerCase(java.util.Locale.ROOT);
    Counter.builder("millrace.runs.completed").description("runs ended in this process, by state")
        .tags("state", state, "trigger", nullToEmpty(run.trigger())).register(registry).increment();
    if (run.startedAt() != null && run.endedAt() != null) {
      Timer.builder("millrace.run.duration").description("wall time of runs ended in this process")
          .tags("state", state).serviceLevelObjectives(BUCKETS).register(registry)
          .record(Duration.between(run.startedAt(), run.endedAt()));
    }
  }

  /**
   * A node of a run in this process reached a terminal state.
   *
   * @param node the node (table name, or {@code export:<table>:<n>})
   * @param state its terminal state, lower case (success, failed, upstream_failed, ...)
   * @param millis the attempt's duration (0 when it never ran)
   */
  public void nodeEnded(String node, String state, long millis, long rowsIn, long rowsOut, long rejected,
                        long quarantined) {
    Tags tags = Tags.of("node", node);
    if (millis > 0) {
      Timer.builder("millrace.node.duration").description("duration of node attempts ended in this process")
          .tags(tags).tag("state", state).serviceLevelObjectives(BUCKETS).register(registry)
          .record(millis, TimeUnit.MILLISECONDS);
    }
    rows("in", tags, rowsIn);
    rows("out", tags, rowsOut);
    rows("rejected", tags, rejected);
    rows("quarantined", tags, quarantined);
  }

  private void rows(String kind, Tags tags, long n) {
    Counter c = Counter.builder("millrace.rows." + kind).description("rows " + kind + " by node, in this process")
        .tags(tags).register(registry);
    if (n > 0) {
      c.increment(n);
    }
  }

  /**
   * One online feature lookup (for the feature server): counted by view and result, timed.
   *
   * @param view the feature view or service name (not the entity key)
   * @param nanos how long the lookup took; negative when not timed (the other entity rows of one
   *     request, whose time was recorded with its first row)
   * @param found whether a row was found for the entity
   */
  public void featureLookup(String view, long nanos, boolean found) {
    Counter.builder("millrace.feature.lookups").description("online feature lookups")
        .tags("view", view, "result", found ? "found" : "missing").register(registry).increment();
    if (nanos < 0) {
      return;
    }
    Timer.builder("millrace.feature.lookup.duration").description("online feature lookup latency")
        .tags("view", view).serviceLevelObjectives(LOOKUP_BUCKETS).register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Online feature lookups served by this process, by view, from its counters and latency histograms. */
  public java.util.List<LookupStats> featureLookups() {
    java.util.Map<String, long[]> counts = new java.util.TreeMap<>();
    for (Counter c : registry.find("millrace.feature.lookups").counters()) {
      long[] fm = counts.computeIfAbsent(c.getId().getTag("view"), v -> new long[2]);
      fm["found".equals(c.getId().getTag("result")) ? 0 : 1] += (long) c.count();
    }
    java.util.List<LookupStats> out = new java.util.ArrayList<>();
    counts.forEach((view, fm) -> {
      Timer t = registry.find("millrace.feature.lookup.duration").tag("view", view).timer();
      if (t == null || t.count() == 0) {
        out.add(new LookupStats(view, fm[0], fm[1], 0, null, null, null, null));
        return;
      }
      var snap = t.takeSnapshot();
      out.add(new LookupStats(view, fm[0], fm[1], t.count(), t.mean(TimeUnit.NANOSECONDS) / 1e6,
          t.max(TimeUnit.NANOSECONDS) / 1e6, quantile(snap, 0.5), quantile(snap, 0.99)));
    });
    return out;
  }

  /**
   * The upper bound (ms) of the histogram bucket holding quantile {@code q}, at most the largest value
   * seen (the max when above the last bucket).
   */
  private static Double quantile(io.micrometer.core.instrument.distribution.HistogramSnapshot snap, double q) {
    double rank = q * snap.count();
    double max = snap.max(TimeUnit.NANOSECONDS) / 1e6;
    for (var b : snap.histogramCounts()) {
      if (b.count() >= rank) {
        return Math.min(b.bucket(TimeUnit.NANOSECONDS) / 1e6, max);
      }
    }
    return max;
  }

  /** The metrics in the Prometheus text format (version 0.0.4), state gauges refreshed when stale. */
  public String scrape() {
    gauges.refreshIfStale();
    String live = registry.scrape();
    String state = gauges.text();
    return new StringBuilder(state.length() + live.length()).append(state).append(live).toString();
  }

  /**
   * Publishes stream jobs' consumer lag as the scrape-time gauge {@code millrace_stream_consumer_lag{job}},
   * read from {@code source} at each refresh (in the background, like the other state gauges), for
   * processes that do not run the jobs ({@code serve}, {@code schedule}); a job that could not be read
   * is left out. A stream process registers its own live gauge instead.
   */
  public void lagSource(Supplier<java.util.Map<String, Double>> source) {
    gauges.lagSource(source);
  }

  /** Recomputes the scrape-time gauges now (tests, and the first scrape). */
  public void refresh() {
    gauges.refresh();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
