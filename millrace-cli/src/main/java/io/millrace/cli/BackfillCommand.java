package io.millrace.cli;

import io.millrace.api.MillraceException;
import io.millrace.api.project.PipelineSpec;
import io.millrace.cli.internal.Console;
import io.millrace.cli.internal.ConsoleProgress;
import io.millrace.cli.internal.IntervalLeaseOptions;
import io.millrace.cli.internal.Operations;
import io.millrace.cli.internal.Pipelines;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.cli.internal.Times;
import io.millrace.core.pipeline.PipelineListener;
import io.millrace.core.pipeline.PipelineRunner;
import io.millrace.core.pipeline.RunSummary;
import io.millrace.core.plan.Plan;
import io.millrace.core.schedule.Interval;
import io.millrace.core.schedule.Intervals;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "backfill", description =
    "Run every schedule interval starting in [--from, --to) once, oldest first. Idempotent: "
        + "re-running an interval never duplicates its output. Tables are overwritten; incremental "
        + "models without unique_key replace that interval's rows (rows that left the source disappear); "
        + "incremental models with unique_key upsert them by key (rows that left the source stay until "
        + "the table is rebuilt); append exports replace that interval's rows in their target. "
        + "--from and --to take a date (2025-01-31), a UTC time (2025-01-31T12:00) or a time with an "
        + "offset (2025-01-31T12:00:00Z). On a PostgreSQL run store (or with pipeline.lease or --lease) "
        + "each interval is leased as `millrace schedule` leases it: an interval a scheduler is running is "
        + "refused (exit code 3) or, with --wait, waited for.")
final class BackfillCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;
  @Mixin io.millrace.cli.internal.EngineOption engineOption;

  @Option(names = "--from", required = true, paramLabel = "DATE|TIME") String from;

  @Option(names = "--to", required = true, paramLabel = "DATE|TIME") String to;

  @Option(names = "--verbose", description = "Print node progress for every interval.") boolean verbose;

  @Mixin IntervalLeaseOptions leases;

  @Override
  public Integer call() {
    try (ProjectContext ctx = ProjectContext.open(project.project, project.overrides()).withEngine(engineOption.type).lockForRun().openWarehouseInBackground()) {
      PipelineSpec pipeline = ctx.spec().pipeline();
      if (pipeline.schedule() == null) {
        throw MillraceException.user("Cannot backfill project '%s': millrace.yaml has no pipeline.schedule", ctx.spec().name());
      }
      List<Interval> intervals = Intervals.backfill(pipeline.schedule(), Times.parse("--from", from), Times.parse("--to", to));
      Plan plan = Pipelines.plan(ctx);
      PipelineRunner runner = Pipelines.runner(ctx);
      PipelineListener listener = Operations.hooks(ctx, verbose ? new ConsoleProgress() : PipelineListener.NONE);
      int failed = 0;
      try (IntervalLeaseOptions.Leases held = leases.open(ctx)) {
        for (int i = 0; i < intervals.size(); i++) {
          Interval interval = intervals.get(i);
          RunSummary s = held.run(ctx, interval, "backfill", fencing -> Pipelines.withCancellation(runner,
              r -> r.runInterval(plan, interval, "backfill", fencing.andThen(listener))));
          Console.out(String.format("[%d/%d] %s  %s  run %s  rows out %d", i + 1, intervals.size(), interval,
              s.run().state().name().toLowerCase(), s.run().runId(), s.run().rowsOut()));
          if (!s.succeeded()) {
            failed++;
          }
        }
      }
      Console.out(String.format("backfill: %d interval(s), %d failed", intervals.size(), failed));
      return failed == 0 ? 0 : 1;
    }
  }
}
