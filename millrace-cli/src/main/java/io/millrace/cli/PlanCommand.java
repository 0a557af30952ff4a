package io.millrace.cli;

import io.millrace.cli.internal.Pipelines;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.core.plan.PlanPrinter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "plan", description =
    "Check a project without moving data (references, cycles, names, every model's SQL) and "
        + "print its DAG in topological levels with the critical path (weighted by median past "
        + "durations).")
final class PlanCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Override
  public Integer call() {
    try (ProjectContext ctx = ProjectContext.open(project.project, project.overrides())) {
      System.out.print(PlanPrinter.print(Pipelines.plan(ctx)));
      return 0;
    }
  }
}
