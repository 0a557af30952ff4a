package io.millrace.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.MultiGauge.Row;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.millrace.api.alert.AlertEvent;
import io.millrace.api.alert.AlertState;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.MetricPoint;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.RunStore;
import io.millrace.api.spi.TableInfo;
import io.millrace.api.spi.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Gauges of the project's state, read from the run store and the warehouse: whoever ran the pipeline
 * (this process or another), a scrape shows its outcome.
 *
 * <p>Design: reading the store and every table's metadata takes far longer than a scrape may (100
 * tables' Iceberg metadata: hundreds of milliseconds), so values are cached — and since they change only
 * at a refresh, so is their rendering: the gauges live in a registry of their own whose Prometheus text
 * is rendered once per refresh ({@link #text}). The first refresh starts when this object is made and the
 * first scrape waits for it; later scrapes that find the values older than {@code cacheFor} serve them at
 * once and start one background refresh (stale-while-revalidate). Freshness is therefore computed at
 * the refresh (at most {@code cacheFor} old). A failing refresh keeps the last values and counts
 * {@code millrace_state_refresh_errors_total}.
 */
final class StoreGauges {
  /** Runs whose checks are searched for each table's latest verdict. */
  private static final int CHECK_RUNS = 20;

  private final String project;
  private final RunStore store;
  private final Supplier<Warehouse> warehouse;
  private final Duration cacheFor;
  private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "millrace-metrics-refresh");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile long refreshedAt;   // System.nanoTime of the last refresh, 0 = never
  private final PrometheusMeterRegistry registry;
  private volatile String text = "";

  private final MultiGauge runs;
  private final MultiGauge lastRun;
  private final MultiGauge lastRunRows;
  private final MultiGauge nodeDuration;
  private final MultiGauge nodeRows;
  private final MultiGauge qualityScore;
  private final MultiGauge checkSuccess;
  private final MultiGauge nullFraction;
  private final MultiGauge freshness;
  private final MultiGauge tableRows;
  private final MultiGauge alertsFiring;
  private final MultiGauge consumerLag;
  private volatile Supplier<Map<String, Double>> lagSource;
  private final Counter refreshErrors;

  StoreGauges(String project, RunStore store, Supplier<Warehouse> warehouse, Duration cacheFor) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("project", project);
    this.project = project;
    this.store = store;
    this.warehouse = warehouse;
    this.cacheFor = cacheFor;
    runs = gauge(registry, "millrace.runs", "runs in the run store by state", null);
    lastRun = gauge(registry, "millrace.last.run", "the last ended run: duration_seconds, success (1/0), "
        + "end_timestamp_seconds, by field", null);
    lastRunRows = gauge(registry, "millrace.last.run.rows", "rows of the last ended run, by kind "
        + "(in, out, rejected, quarantined)", null);
    nodeDuration = gauge(registry, "millrace.node.last.duration", "duration of each node in the last ended run",
        "seconds");
    nodeRows = gauge(registry, "millrace.node.last.rows", "rows of each node in the last ended run, by kind", null);
    qualityScore = gauge(registry, "millrace.table.quality.score",
        "data quality score of the table's latest check (valid records / records x 100)", null);
    checkSuccess = gauge(registry, "millrace.table.checks.success", "1 when the table's latest check passed", null);
    nullFraction = gauge(registry, "millrace.column.null.fraction", "fraction of nulls in a checked column, "
        + "at its latest check", null);
    freshness = gauge(registry, "millrace.table.freshness", "time since the table's last successful commit",
        "seconds");
    tableRows = gauge(registry, "millrace.table.rows", "rows in the table's current snapshot", null);
    alertsFiring = gauge(registry, "millrace.alerts.firing", "subjects for which an alert is firing", null);
    consumerLag = gauge(registry, "millrace.stream.consumer_lag", "records behind the input topic's end, by stream "
        + "job, read from its broker", null);
    refreshErrors = Counter.builder("millrace.state.refresh.errors")
        .description("failed reads of the run store or warehouse for these gauges").register(registry);
    refreshInBackground();
  }

  /** The gauges in the Prometheus text format, as rendered at the last refresh. */
  String text() {
    return text;
  }

  private static MultiGauge gauge(MeterRegistry registry, String name, String description, String unit) {
    MultiGauge.Builder b = MultiGauge.builder(name).description(description);
    return (unit == null ? b : b.baseUnit(unit)).register(registry);
  }

  void refreshIfStale() {
    long at = refreshedAt;
    if (at == 0) {
      firstRefresh();
    } else if (System.nanoTime() - at > cacheFor.toNanos()) {
      refreshInBackground();
    }
  }

  private synchronized void firstRefresh() {
    if (refreshedAt == 0) {   // not done by the background refresh this call waited for
      refresh();
    }
  }

  private void refreshInBackground() {
    if (refreshing.compareAndSet(false, true)) {
      refresher.execute(() -> {
        try {
          refresh();
        } finally {
          refreshing.set(false);
        }
      });
    }
  }

  synchronized void refresh() {
    try {
      runsAndNodes();
      checks();
      tables();
      alerts();
    } catch (RuntimeException e) {
      refreshErrors.increment();
    }
    try {
      lags();
    } catch (RuntimeException e) {
      refreshErrors.increment();
    } finally {
      text = registry.scrape();
      refreshedAt = System.nanoTime();
    }
  }

  private void runsAndNodes() {
    Map<RunState, Long> counts = store.runCounts(project);
    List<Row<?>> rows = new ArrayList<>();
    for (RunState s : RunState.values()) {
      rows.add(Row.of(Tags.of("state", lower(s.name())), counts.getOrDefault(s, 0L)));
    }
    runs.register(rows, true);
    RunRecord last = store.runs(project, 50).stream().filter(r -> r.endedAt() != null && !"stream".equals(r.trigger()))
        .findFirst().orElse(null);
    if (last == null) {
      return;
    }
    lastRun.register(List.of(
        Row.of(Tags.of("field", "duration_seconds"),
            Duration.between(last.startedAt(), last.endedAt()).toMillis() / 1000.0),
        Row.of(Tags.of("field", "success"), last.state() == RunState.SUCCESS ? 1 : 0),
        Row.of(Tags.of("field", "end_timestamp_seconds"), last.endedAt().toEpochMilli() / 1000.0)), true);
    lastRunRows.register(List.of(Row.of(Tags.of("kind", "in"), last.rowsIn()),
        Row.of(Tags.of("kind", "out"), last.rowsOut()), Row.of(Tags.of("kind", "rejected"), last.rejected()),
        Row.of(Tags.of("kind", "quarantined"), last.quarantined())), true);
    Map<String, NodeAttempt> lastAttempt = new LinkedHashMap<>();
    for (NodeAttempt a : store.attempts(last.runId())) {
      lastAttempt.merge(a.node(), a, (x, y) -> y.attempt() >= x.attempt() ? y : x);
    }
    List<Row<?>> durations = new ArrayList<>();
    List<Row<?>> nodeRowList = new ArrayList<>();
    lastAttempt.forEach((node, a) -> {
      durations.add(Row.of(Tags.of("node", node), a.durationMillis() / 1000.0));
      nodeRowList.add(Row.of(Tags.of("node", node, "kind", "in"), a.rowsIn()));
      nodeRowList.add(Row.of(Tags.of("node", node, "kind", "out"), a.rowsOut()));
      nodeRowList.add(Row.of(Tags.of("node", node, "kind", "rejected"), a.rejected()));
      nodeRowList.add(Row.of(Tags.of("node", node, "kind", "quarantined"), a.quarantined()));
    });
    nodeDuration.register(durations, true);
    nodeRows.register(nodeRowList, true);
  }

  private void checks() {
    Map<String, CheckRecord> latest = new LinkedHashMap<>();   // table/suite -> newest verdict
    Map<String, String> runOfTable = new LinkedHashMap<>();
    for (RunRecord r : store.runs(project, CHECK_RUNS)) {
      for (CheckRecord c : store.checks(r.runId())) {
        if (latest.putIfAbsent(c.table() + "/" + c.suite(), c) == null) {
          runOfTable.putIfAbsent(c.table(), r.runId());
        }
      }
    }
    List<Row<?>> scores = new ArrayList<>();
    List<Row<?>> success = new ArrayList<>();
    for (CheckRecord c : latest.values()) {
      Tags t = Tags.of("table", c.table(), "suite", c.suite());
      scores.add(Row.of(t, c.score()));
      success.add(Row.of(t, c.success() ? 1 : 0));
    }
    qualityScore.register(scores, true);
    checkSuccess.register(success, true);
    List<Row<?>> nulls = new ArrayList<>();
    runOfTable.forEach((table, runId) -> {
      for (MetricPoint p : store.metrics(table)) {
        if (p.runId().equals(runId) && "null_fraction".equals(p.metric()) && !p.column().isEmpty()) {
          nulls.add(Row.of(Tags.of("table", table, "column", p.column()), p.value()));
        }
      }
    });
    nullFraction.register(nulls, true);
  }

  private void tables() {
    Warehouse w = warehouse.get();
    if (w == null) {
      return;
    }
    List<Row<?>> fresh = new ArrayList<>();
    List<Row<?>> rows = new ArrayList<>();
    Instant now = Instant.now();
    for (TableInfo t : w.tables()) {
      Tags tags = Tags.of("table", t.name());
      if (t.lastCommit() != null) {
        fresh.add(Row.of(tags, Duration.between(t.lastCommit(), now).toMillis() / 1000.0));
      }
      rows.add(Row.of(tags, t.rows()));
    }
    freshness.register(fresh, true);
    tableRows.register(rows, true);
  }

  private void alerts() {
    Map<String, AlertEvent> latest = new LinkedHashMap<>();
    for (AlertEvent e : store.alertEvents(project, 10_000)) {   // newest first
      latest.putIfAbsent(e.alert() + "\u0000" + e.subject(), e);
    }
    Map<String, Long> firing = new LinkedHashMap<>();
    for (AlertEvent e : latest.values()) {
      firing.merge(e.alert(), e.state() == AlertState.FIRING ? 1L : 0L, Long::sum);
    }
    List<Row<?>> rows = new ArrayList<>();
    firing.forEach((alert, n) -> rows.add(Row.of(Tags.of("alert", alert), n)));
    alertsFiring.register(rows, true);
  }

  /** Sets where stream jobs' live lag is read from at each refresh (records behind, by job). */
  void lagSource(Supplier<Map<String, Double>> source) {
    this.lagSource = source;
    refresher.execute(() -> {   // read once now, so the gauge does not wait for the next refresh
      synchronized (this) {
        try {
          lags();
        } catch (RuntimeException e) {
          refreshErrors.increment();
        } finally {
          text = registry.scrape();
        }
      }
    });
  }

  private void lags() {
    Supplier<Map<String, Double>> source = lagSource;
    if (source == null) {
      return;
    }
    List<Row<?>> rows = new ArrayList<>();
    source.get().forEach((job, lag) -> rows.add(Row.of(Tags.of("job", job), lag)));
    consumerLag.register(rows, true);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
