package io.millrace.cli;

import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.TableInfo;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.cli.internal.ResultFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tables", description = "List warehouse tables with row counts and snapshots.")
final class TablesCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Option(names = "--snapshots", description = "Also list every snapshot of each table.")
  boolean snapshots;

  @Override
  public Integer call() {
    try (ProjectContext ctx = ProjectContext.inspect(project.project, project.overrides())) {
      List<List<String>> rows = new ArrayList<>();
      for (TableInfo t : ctx.warehouse().tables()) {
        List<SnapshotInfo> snaps = ctx.warehouse().snapshots(t.name());
        rows.add(List.of(t.name(), String.valueOf(t.rows()), String.valueOf(t.files()),
            String.valueOf(snaps.size()), String.valueOf(t.snapshotId()),
            t.lastCommit() == null ? "" : t.lastCommit().toString()));
        if (snapshots) {
          for (SnapshotInfo s : snaps) {
            rows.add(List.of("  @" + s.snapshotId(), String.valueOf(s.totalRows()), "", "",
                s.operation(), s.committedAt().toString()));
          }
        }
      }
      if (rows.isEmpty()) {
        System.out.println("No tables yet in " + ctx.spec().warehouse() + " (run the project first).");
        return 0;
      }
      System.out.print(ResultFormatter.table(
          List.of("table", "rows", "files", "snapshots", "current_snapshot", "last_commit"), rows));
      return 0;
    }
  }
}
