package io.millrace.cli;

import io.millrace.api.MillraceException;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.TableInfo;
import io.millrace.cli.internal.Console;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.cli.internal.ResultFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tables", description = {
    "List warehouse tables with row counts and snapshots.",
    "A table whose metadata is corrupt is left out with a warning (the others stay usable); repair it "
        + "with --recover TABLE (roll back to its newest readable metadata version) or --drop TABLE (move "
        + "it aside; the next run rebuilds it).",
    "A project folder may be moved or copied: tables read the files inside their own warehouse."})
final class TablesCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Option(names = "--snapshots", description = "Also list every snapshot of each table, with its schema id.")
  boolean snapshots;

  @ArgGroup(exclusive = true)
  Repair repair;

  static final class Repair {
    @Option(names = "--recover", paramLabel = "TABLE",
        description = "Roll a table with corrupt metadata back to its newest readable version.")
    String recover;

    @Option(names = "--drop", paramLabel = "TABLE",
        description = "Move a table out of the warehouse (into .dropped/) so the next run rebuilds it.")
    String drop;
  }

  @Override
  public Integer call() {
    try (ProjectContext ctx = ProjectContext.inspect(project.project, project.overrides())) {
      if (repair != null) {
        ctx.lockForRun();   // not while a run commits
        System.out.println(repair.recover != null ? ctx.warehouse().recover(repair.recover)
            : ctx.warehouse().drop(repair.drop));
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (TableInfo t : ctx.warehouse().tables()) {
        List<SnapshotInfo> snaps = ctx.warehouse().snapshots(t.name());
        rows.add(List.of(t.name(), String.valueOf(t.rows()), String.valueOf(t.files()),
            String.valueOf(snaps.size()), String.valueOf(t.snapshotId()),
            t.lastCommit() == null ? "" : t.lastCommit().toString(), ""));
        if (snapshots) {
          for (SnapshotInfo s : snaps) {
            rows.add(List.of("  @" + s.snapshotId(), String.valueOf(s.totalRows()), "", "",
                s.operation(), s.committedAt().toString(), s.schemaId() < 0 ? "" : String.valueOf(s.schemaId())));
          }
        }
      }
      for (Map.Entry<String, MillraceException> bad : ctx.warehouse().unreadableTables().entrySet()) {
        Console.err("warning: skipped table '" + bad.getKey() + "': " + bad.getValue().getMessage());
      }
      if (rows.isEmpty()) {
        System.out.println("No tables yet in " + ctx.spec().warehouse() + " (run the project first).");
        return 0;
      }
      List<String> header = List.of("table", "rows", "files", "snapshots", "current_snapshot", "last_commit", "schema_id");
      int width = snapshots ? header.size() : header.size() - 1;
      System.out.print(ResultFormatter.table(header.subList(0, width), rows.stream().map(r -> r.subList(0, width)).toList()));
      return 0;
    }
  }
}
