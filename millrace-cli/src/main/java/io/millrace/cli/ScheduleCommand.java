package io.millrace.cli;

import io.millrace.api.MillraceException;
import io.millrace.api.project.PipelineSpec;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.cli.internal.Console;
import io.millrace.cli.internal.Operations;
import io.millrace.cli.internal.Pipelines;
import io.millrace.server.MillraceServer;
import io.millrace.server.metrics.MillraceMetrics;
import java.util.concurrent.ScheduledExecutorService;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.core.pipeline.PipelineListener;
import io.millrace.core.pipeline.PipelineRunner;
import io.millrace.core.pipeline.RunSummary;
import io.millrace.core.plan.Plan;
import io.millrace.core.schedule.Scheduler;
import io.millrace.core.schedule.SchedulerInstance;
import io.millrace.core.store.JdbcIntervalLeases;
import io.millrace.core.store.ProjectIdentity;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "schedule", description =
    "Run due intervals of the project's schedule as a long-running process (Ctrl-C stops it). "
        + "With catchup: true every missed interval since start_date (or the last scheduled run) "
        + "runs; with catchup: false only the latest. Schedules: 5-field cron, Quartz cron (6-7 fields, "
        + "with ? L W #), @hourly/@daily/@weekly/@monthly/@yearly, every 15m; UTC unless prefixed with "
        + "CRON_TZ=<zone> (e.g. CRON_TZ=Europe/Berlin 30 2 * * *). Only external failures are retried. "
        + "Several schedulers on one PostgreSQL run store share the work: each interval runs once "
        + "(leases with expiry and fencing, see docs/scheduling.md).")
final class ScheduleCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;
  @Mixin io.millrace.cli.internal.EngineOption engineOption;

  @Option(names = "--once", description = "Run the intervals due now, then exit.") boolean once;

  @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve Prometheus metrics on "
      + "http://127.0.0.1:PORT/metrics while scheduling (0 picks a free port; the port is printed).")
  Integer metricsPort;

  @Option(names = "--lease", paramLabel = "DURATION", description = "How long this scheduler's claim on an "
      + "interval lasts without renewal (renewed every third of it while the interval runs); another "
      + "scheduler takes a dead one's interval over after it. Default: pipeline.lease, else 30s.")
  String lease;

  @Override
  public Integer call() {
    try (ProjectContext ctx = ProjectContext.open(project.project, project.overrides()).withEngine(engineOption.type).lockForRun().openWarehouseInBackground()) {
      PipelineSpec p = ctx.spec().pipeline();
      if (p.schedule() == null) {
        throw MillraceException.user("Cannot schedule project '%s': millrace.yaml has no pipeline.schedule", ctx.spec().name());
      }
      Plan plan = Pipelines.plan(ctx);
      PipelineRunner runner = Pipelines.runner(ctx);
      MillraceMetrics metrics = metricsPort == null ? null : Operations.metricsWithLag(ctx);
      PipelineListener hooks = Operations.hooks(ctx, PipelineListener.NONE, metrics);
      ScheduledExecutorService periodic = once ? null : Operations.periodicAlerts(ctx);
      try (MillraceServer server = metrics == null ? null : Operations.serveMetrics(metrics, metricsPort)) {
        if (server != null) {
          Console.err("millrace: metrics on http://127.0.0.1:" + server.port() + "/metrics");
        }
        return schedule(ctx, p, plan, runner, hooks);
      } finally {
        if (periodic != null) {
          periodic.shutdownNow();
        }
      }
    }
  }

  private int schedule(ProjectContext ctx, PipelineSpec p, Plan plan, PipelineRunner runner, PipelineListener hooks) {
    String instance = SchedulerInstance.newId();
    java.time.Duration leaseFor = lease == null ? p.leaseOrDefault() : io.millrace.core.project.Durations.parse(lease);
    try (JdbcIntervalLeases leases = JdbcIntervalLeases.open(ctx.spec().runStoreUrl(),
        ProjectIdentity.of(ctx.spec().stateDir()), ctx.spec().name(), instance, leaseFor)) {
      Scheduler scheduler = new Scheduler(p.schedule(), p.startDate(), p.catchup(), lastScheduledEnd(ctx),
          Clock.systemUTC(), Scheduler.Sleeper.system()).leased(leases, m -> Console.err("millrace: [" + instance + "] " + m));
      Console.err("millrace: scheduling " + ctx.spec().name() + " (" + p.schedule().expression() + ", catchup "
          + p.catchup() + ") as scheduler " + instance + ", lease " + io.millrace.core.project.Durations.format(leaseFor)
          + (once ? "" : "; Ctrl-C to stop"));
      Scheduler.LeasedRun runInterval = (interval, held) -> {
        java.util.Optional<RunRecord> finished = SchedulerInstance.finishedBeforeTakeOver(ctx.runStore(), held);
        if (finished.isPresent()) {
          leases.attachRun(held, finished.get().runId());
          Console.err("millrace: [" + instance + "] interval " + interval + " was run to the end by "
              + held.previousHolder() + " (run " + finished.get().runId() + ", " + finished.get().state().name()
              .toLowerCase() + ") before it stopped; recorded, not run again");
          return finished.get().state();
        }
        SchedulerInstance.closeAbandoned(ctx.runStore(), ctx.spec().name(), held, instance);
        RunSummary s = runner.runInterval(plan, interval, "schedule", SchedulerInstance.fencing(leases, held).andThen(hooks));
        Console.out(String.format("%s  %s  run %s  rows out %d  by %s", interval, s.run().state().name().toLowerCase(),
            s.run().runId(), s.run().rowsOut(), instance));
        return s.run().state();
      };
      java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
      Thread onStop = new Thread(() -> {
        scheduler.stop();
        runner.cancel();
        try {
          // the cancelled interval's lease is released by the scheduler thread: wait for it, so
          // another scheduler can take the interval at once instead of after the lease expires; but
          // no longer than one lease period (a node that ignores the cancel keeps it renewed meanwhile)
          released.await(leaseFor.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Runtime.getRuntime().addShutdownHook(onStop);
      try {
        if (once) {
          scheduler.runDueLeased(runInterval);
        } else {
          scheduler.runLeased(runInterval);
        }
      } finally {
        released.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(onStop);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it sees the latch released
        }
      }
      return 0;
    }
  }

  /** End of the latest successful scheduled interval, so a restart does not redo finished work. */
  private static LocalDateTime lastScheduledEnd(ProjectContext ctx) {
    return ctx.runStore().runs(ctx.spec().name(), 200).stream()
        .filter(r -> "schedule".equals(r.trigger()) && r.state() == RunState.SUCCESS && r.intervalEnd() != null)
        .map(RunRecord::intervalEnd).map(LocalDateTime::parse).max(LocalDateTime::compareTo).orElse(null);
  }
}
