package io.millrace.cli;

import io.millrace.api.MillraceException;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.RunRecord;
import io.millrace.api.spi.RunStore;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.cli.internal.ResultFormatter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "runs", description = "List recent runs, or show one run with per-node timings and check results.")
final class RunsCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Parameters(index = "1", arity = "0..1", paramLabel = "RUN_ID", description = "A run to show in detail.")
  String runId;

  @Option(names = "--limit", defaultValue = "20", description = "Runs to list (default: ${DEFAULT-VALUE})")
  int limit;

  @Override
  public Integer call() {
    try (ProjectContext ctx = ProjectContext.inspect(project.project, project.overrides())) {
      RunStore store = ctx.runStore();
      if (runId == null) {
        listRuns(store, ctx.spec().name());
      } else {
        showRun(store);
      }
      return 0;
    }
  }

  private void listRuns(RunStore store, String projectName) {
    List<List<String>> rows = new ArrayList<>();
    for (RunRecord r : store.runs(projectName, limit)) {
      rows.add(List.of(r.runId(), r.trigger(), r.state().name().toLowerCase(Locale.ROOT), String.valueOf(r.startedAt()),
          seconds(r), String.valueOf(r.rowsIn()), String.valueOf(r.rowsOut()), String.valueOf(r.rejected()),
          String.valueOf(r.quarantined()), r.intervalStart() == null ? "" : r.intervalStart()));
    }
    if (rows.isEmpty()) {
      System.out.println("No runs yet.");
      return;
    }
    System.out.print(ResultFormatter.table(List.of("run_id", "trigger", "state", "started", "seconds", "rows_in",
        "rows_out", "rejected", "quarantined", "interval"), rows));
  }

  private void showRun(RunStore store) {
    RunRecord r = store.run(runId).orElseThrow(() -> MillraceException.user(
        "Cannot show run '%s': no such run (see `millrace runs %s`)", runId, project.project));
    System.out.printf("run %s  %s  trigger=%s  started=%s  %s s%n", r.runId(), r.state().name().toLowerCase(Locale.ROOT),
        r.trigger(), r.startedAt(), seconds(r));
    if (r.error() != null) {
      System.out.println("error: " + r.error());
    }
    List<List<String>> rows = new ArrayList<>();
    for (NodeAttempt a : store.attempts(runId)) {
      rows.add(List.of(a.node(), String.valueOf(a.attempt()), a.state().name().toLowerCase(Locale.ROOT),
          String.format(Locale.ROOT, "%.3f", a.durationMillis() / 1000.0), String.valueOf(a.rowsIn()),
          String.valueOf(a.rowsOut()), String.valueOf(a.rejected()), String.valueOf(a.quarantined()),
          a.snapshotId() == 0 ? "" : String.valueOf(a.snapshotId()), a.error() == null ? "" : a.error()));
    }
    System.out.print(ResultFormatter.table(List.of("node", "attempt", "state", "seconds", "rows_in", "rows_out",
        "rejected", "quarantined", "snapshot", "error"), rows));
    List<CheckRecord> checks = store.checks(runId);
    if (!checks.isEmpty()) {
      System.out.println();
      List<List<String>> crows = new ArrayList<>();
      for (CheckRecord c : checks) {
        crows.add(List.of(c.table(), c.suite(), c.success() ? "passed" : "failed",
            String.format(Locale.ROOT, "%.2f", c.score()), String.format(Locale.ROOT, "%.1f", c.passRate())));
      }
      System.out.print(ResultFormatter.table(List.of("table", "suite", "verdict", "quality_score", "pass_rate_%"), crows));
    }
  }

  private static String seconds(RunRecord r) {
    return r.endedAt() == null ? "running"
        : String.format(Locale.ROOT, "%.2f", Duration.between(r.startedAt(), r.endedAt()).toMillis() / 1000.0);
  }
}
