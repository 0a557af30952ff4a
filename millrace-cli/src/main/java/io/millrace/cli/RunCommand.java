package io.millrace.cli;

import io.millrace.cli.internal.ConsoleProgress;
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
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", description =
    "Load, check, plan and run a project: sources and models in parallel with retries, each "
        + "table committed as a new Iceberg snapshot only when complete and its checks pass.")
final class RunCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;
  @Mixin io.millrace.cli.internal.EngineOption engineOption;

  @Option(names = "--resume", description = "Re-run only what did not succeed in the last run of this project "
      + "(and its downstream). A run left running by a killed process is marked failed (abandoned) first.")
  boolean resume;

  @Option(names = "--quiet", description = "No progress lines, only the summary.")
  boolean quiet;

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
      RunSummary summary = Pipelines.withCancellation(runner,
          r -> r.run(plan, options, Operations.hooks(ctx, quiet ? PipelineListener.NONE : new ConsoleProgress())));
      RunReportPrinter.print(summary, System.out);
      System.out.printf(Locale.ROOT, "Startup: JVM %.2f s, load and plan %.2f s%n",
          (loadStart - jvmStart) / 1000.0, (planned - loadStart) / 1000.0);
      return summary.exitCode();
    }
  }
}
