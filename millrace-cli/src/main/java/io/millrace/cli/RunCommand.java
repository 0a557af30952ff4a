package io.millrace.cli;

import io.millrace.cli.internal.ConsoleProgress;
import io.millrace.cli.internal.IntervalLeaseOptions;
import io.millrace.cli.internal.Operations;
import io.millrace.cli.internal.Pipelines;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.core.pipeline.PipelineListener;
import io.millrace.core.pipeline.PipelineRunner;
import io.millrace.core.pipeline.RunOptions;
import io.millrace.core.pipeline.RunReportPrinter;
import io.millrace.core.pipeline.RunSummary;
import io.millrace.core.plan.Plan;
import io.millrace.core.schedule.Interval;
import java.time.LocalDateTime;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", description =
    "Load, check, plan and run a project: sources and models in parallel with retries, each "
        + "table committed as a new Iceberg snapshot only when complete and its checks pass. --resume of a "
        + "scheduled or backfilled interval's run takes that interval's lease, as `millrace backfill` does.")
final class RunCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;
  @Mixin io.millrace.cli.internal.EngineOption engineOption;

  @Option(names = "--resume", description = "Re-run only what did not succeed in the last run of this project "
      + "(and its downstream). A run left running by a killed process is marked failed (abandoned) first.")
  boolean resume;

  @Option(names = "--quiet", description = "No progress lines, only the summary.")
  boolean quiet;

  @Mixin IntervalLeaseOptions leases;

  /** The data interval of the run {@code --resume} resumes (the project's latest), or null. */
  private static Interval resumedInterval(ProjectContext ctx) {
    return ctx.runStore().runs(ctx.spec().name(), 1).stream().findFirst()
        .filter(r -> r.intervalStart() != null && r.intervalEnd() != null)
        .map(r -> new Interval(LocalDateTime.parse(r.intervalStart()), LocalDateTime.parse(r.intervalEnd())))
        .orElse(null);
  }

  @Override
  public Integer call() {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    long loadStart = System.currentTimeMillis();
    try (ProjectContext ctx = ProjectContext.open(project.project, project.overrides()).withEngine(engineOption.type).lockForRun().openWarehouseInBackground()) {
      Plan plan = Pipelines.plan(ctx);
      long planned = System.currentTimeMillis();
      RunOptions options = resume ? RunOptions.manual().withResume(RunOptions.LAST_RUN).withTrigger("resume")
          : RunOptions.manual();
      PipelineRunner runner = Pipelines.runner(ctx);
      PipelineListener hooks = Operations.hooks(ctx, quiet ? PipelineListener.NONE : new ConsoleProgress());
      Interval interval = resume ? resumedInterval(ctx) : null;
      RunSummary summary;
      if (interval == null) {
        summary = Pipelines.withCancellation(runner, r -> r.run(plan, options, hooks));
      } else {
        // resuming a run of an interval runs that interval again: under its lease, as a scheduler would
        try (IntervalLeaseOptions.Leases held = leases.open(ctx)) {
          summary = held.run(ctx, interval, "resume",
              fencing -> Pipelines.withCancellation(runner, r -> r.run(plan, options, fencing.andThen(hooks))));
        }
      }
      RunReportPrinter.print(summary, System.out);
      System.out.printf(Locale.ROOT, "Startup: JVM %.2f s, load and plan %.2f s%n",
          (loadStart - jvmStart) / 1000.0, (planned - loadStart) / 1000.0);
      return summary.exitCode();
    }
  }
}
