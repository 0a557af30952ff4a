package io.millrace.cli.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.millrace.api.run.RunRecord;
import io.millrace.core.pipeline.NodeEvent;
import io.millrace.core.pipeline.PipelineListener;
import io.millrace.server.MillraceServer;
import io.millrace.server.ServerOptions;
import io.millrace.server.alerts.AlertEngine;
import io.millrace.server.metrics.MetricsRoutes;
import io.millrace.server.metrics.MillraceMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wires the operations surface (metrics and alerts, in {@code millrace-server}) into the commands that
 * run pipelines: a run hook feeding both, the {@code /metrics} server of {@code schedule
 * --metrics-port}, and the periodic alert evaluation of long-running commands.
 */
public final class Operations {
  /** How long scrape-time gauges (run store, warehouse) are reused. */
  public static final Duration METRICS_CACHE = Duration.ofSeconds(5);
  /** How often long-running commands evaluate freshness and lag alerts. */
  public static final Duration PERIODIC = Duration.ofSeconds(60);

  private Operations() {}

  /**
   * The project's alerts; {@code stream_lag} alerts read the jobs' live lag from their brokers
   * ({@link StreamLags}), unless a stream process sets its own jobs' gauges as the source.
   */
  public static AlertEngine alerts(ProjectContext ctx) {
    AlertEngine alerts = new AlertEngine(ctx.spec().name(), ctx.spec().alerts(), ctx.runStore(), ctx::warehouse,
        Clock.systemUTC(), Console::err);
    if (!ctx.spec().streams().isEmpty()) {
      alerts.lagSource(() -> StreamLags.totals(ctx.spec()));
      alerts.streamJobs(List.copyOf(ctx.spec().streams().keySet()));
    }
    return alerts;
  }

  public static MillraceMetrics metrics(ProjectContext ctx) {
    return new MillraceMetrics(ctx.spec().name(), ctx.runStore(), ctx::warehouse, METRICS_CACHE);
  }

  /**
   * {@link #metrics}, with the stream jobs' consumer lag read from their brokers at each refresh, for
   * processes that do not run the jobs ({@code serve}, {@code schedule --metrics-port}).
   */
  public static MillraceMetrics metricsWithLag(ProjectContext ctx) {
    MillraceMetrics m = metrics(ctx);
    if (!ctx.spec().streams().isEmpty()) {
      m.lagSource(() -> StreamLags.totals(ctx.spec()));
    }
    return m;
  }

  /**
   * {@code base}, then the hook that evaluates alerts after each run (when the project has any) and
   * feeds {@code metrics} (when not null). Alert evaluation never fails the run.
   */
  public static PipelineListener hooks(ProjectContext ctx, PipelineListener base, MillraceMetrics metrics) {
    AlertEngine alerts = ctx.spec().alerts().isEmpty() ? null : alerts(ctx);
    if (alerts == null && metrics == null) {
      return base;
    }
    return base.andThen(new PipelineListener() {
      @Override
      public void onNode(NodeEvent e) {
        if (metrics != null && e.state().terminal()) {
          metrics.nodeEnded(e.node(), e.state().name().toLowerCase(Locale.ROOT), e.elapsedMillis(), e.rowsIn(),
              e.rowsOut(), e.rejected(), e.quarantined());
        }
      }

      @Override
      public void onRunEnd(RunRecord run) {
        if (metrics != null) {
          metrics.runEnded(run);
        }
        if (alerts != null) {
          alerts.afterRun(run);
        }
      }
    });
  }

  /** {@link #hooks(ProjectContext, PipelineListener, MillraceMetrics)} without metrics (one-shot commands). */
  public static PipelineListener hooks(ProjectContext ctx, PipelineListener base) {
    return hooks(ctx, base, null);
  }

  /**
   * The live operations of a long-running stream command: a metrics registry for its jobs' meters,
   * {@code /metrics} on {@code port} (when not null) and periodic alerts reading its consumer lag.
   */
  public static final class Live implements AutoCloseable {
    private final MillraceMetrics metrics;
    private final MillraceServer server;
    private final ScheduledExecutorService periodic;

    public Live(ProjectContext ctx, Integer port) {
      metrics = metrics(ctx);
      server = port == null ? null : serveMetrics(metrics, port);
      if (server != null) {
        Console.err("millrace: metrics on http://127.0.0.1:" + server.port() + "/metrics");
      }
      periodic = periodicAlerts(ctx, metrics.registry());
    }

    public MeterRegistry registry() {
      return metrics.registry();
    }

    @Override
    public void close() {
      if (periodic != null) {
        periodic.shutdownNow();
      }
      if (server != null) {
        server.close();
      }
    }
  }

  /** Serves {@code /metrics} (and {@code /health}) on 127.0.0.1:{@code port}. */
  public static MillraceServer serveMetrics(MillraceMetrics metrics, int port) {
    return MillraceServer.start(new ServerOptions(ServerOptions.DEFAULT_HOST, port, null),
        List.of(new MetricsRoutes(metrics)));
  }

  /**
   * Evaluates freshness and lag alerts every {@link #PERIODIC} on a daemon thread, when the project has
   * such alerts; returns null otherwise. Shut it down when done.
   */
  public static ScheduledExecutorService periodicAlerts(ProjectContext ctx) {
    return periodicAlerts(ctx, null);
  }

  /**
   * {@link #periodicAlerts(ProjectContext)}, with consumer lag read from the
   * {@code millrace.stream.consumer_lag} gauges (tag {@code job}) of {@code registry}, when not null.
   */
  public static ScheduledExecutorService periodicAlerts(ProjectContext ctx, MeterRegistry registry) {
    AlertEngine alerts = alerts(ctx);
    if (registry != null) {
      alerts.lagSource(() -> {
        Map<String, Double> lags = new TreeMap<>();
        for (Gauge g : registry.find("millrace.stream.consumer_lag").gauges()) {
          double v = g.value();
          if (!Double.isNaN(v) && g.getId().getTag("job") != null) {
            lags.put(g.getId().getTag("job"), v);
          }
        }
        return lags;
      });
    }
    if (!alerts.hasPeriodic()) {
      return null;
    }
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "millrace-alerts");
      t.setDaemon(true);
      return t;
    });
    ex.scheduleWithFixedDelay(alerts::periodic, 0, PERIODIC.toSeconds(), TimeUnit.SECONDS);
    return ex;
  }
}
