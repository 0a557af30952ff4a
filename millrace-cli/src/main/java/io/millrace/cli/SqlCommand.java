package io.millrace.cli;

import io.millrace.api.MillraceException;
import io.millrace.api.spi.EngineSession;
import io.millrace.cli.internal.Console;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.cli.internal.ResultFormatter;
import io.millrace.cli.internal.WarehouseViews;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", description = "Query warehouse tables by name (current snapshot, or --as-of for time travel).")
final class SqlCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Parameters(index = "1", paramLabel = "QUERY", description = "SQL (DuckDB dialect) over warehouse tables.")
  String query;

  @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--as-of", paramLabel = "SNAPSHOT|TIME",
      description = "A snapshot id, or a date/timestamp: read tables as they were then, with the columns "
          + "they had then (within warehouse_retention; see `millrace tables --snapshots`).")
  String asOf;

  @Override
  public Integer call() {
    try (ProjectContext ctx = ProjectContext.open(project.project, project.overrides());
         EngineSession session = ctx.engine().session()) {
      List<String> absent = WarehouseViews.register(session, ctx.warehouse(), asOf);
      try {
        System.out.print(ResultFormatter.render(session.query(query), format));
      } catch (MillraceException e) {
        // a table left out because its metadata is corrupt: say so rather than "does not exist"
        for (var bad : ctx.warehouse().unreadableTables().entrySet()) {
          if (e.getMessage().contains("name " + bad.getKey() + " does not exist")) {
            throw bad.getValue();
          }
        }
        for (String t : absent) {
          if (e.getMessage().contains("name " + t + " does not exist")) {
            throw MillraceException.user("Cannot query table '%s' as of %s: it has no snapshot that "
                + "early (first: %s; see `millrace tables --snapshots`)", t, asOf,
                ctx.warehouse().snapshots(t).get(0).committedAt());
          }
        }
        throw e;
      }
      return 0;
    }
  }
}
