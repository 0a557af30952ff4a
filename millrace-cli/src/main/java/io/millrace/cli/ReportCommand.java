package io.millrace.cli;

import io.millrace.api.MillraceException;
import io.millrace.api.run.RunRecord;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.quality.report.HtmlReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", description = "Write a self-contained HTML quality report of a run (default: the last run).")
final class ReportCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Parameters(index = "1", arity = "0..1", paramLabel = "RUN_ID") String runId;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Output file (default: P/.millrace/reports/<run>.html)")
  Path out;

  @Override
  public Integer call() {
    try (ProjectContext ctx = ProjectContext.inspect(project.project, project.overrides())) {
      String id = runId != null ? runId : ctx.runStore().runs(ctx.spec().name(), 1).stream().findFirst().map(RunRecord::runId)
          .orElseThrow(() -> MillraceException.user("Cannot write a report: project '%s' has no runs yet", ctx.spec().name()));
      Path file = out != null ? out : ctx.spec().stateDir().resolve("reports").resolve(id + ".html");
      Path written = HtmlReport.write(ctx.runStore(), id, ctx.spec().name(), file);
      System.out.println(written.toAbsolutePath());
      return 0;
    }
  }
}
