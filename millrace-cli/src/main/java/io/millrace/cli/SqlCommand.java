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

@Command(name = "sql", description = {
    "Query warehouse tables by name (current snapshot, or --as-of for time travel).",
    "Read-only: statements other than queries (COPY, ATTACH, EXPORT, SET, INSERT, CREATE...) are refused "
        + "before anything runs unless --write is given; even then files outside the project cannot be read or written.",
    "Output: in table format NULL prints as NULL and text that could be mistaken for it (NULL, empty, "
        + "padded with blanks, starting with a quote) is quoted ('NULL', ''); csv writes NULL as an empty "
        + "field and an empty string as \"\"; json uses null."})
final class SqlCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;
  @Mixin io.millrace.cli.internal.EngineOption engineOption;

  @Parameters(index = "1", paramLabel = "QUERY", description = "SQL (DuckDB dialect) over warehouse tables.")
  String query;

  @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--as-of", paramLabel = "SNAPSHOT|TIME",
      description = "A snapshot id, or a date/timestamp: read tables as they were then, with the columns "
          + "they had then (within warehouse_retention; see `millrace tables --snapshots`).")
  String asOf;

  @Option(names = "--write", description = "Also run statements that change files or the session (COPY, "
      + "CREATE...), within the project's folders.")
  boolean write;

  @Override
  public Integer call() {
    try (ProjectContext ctx = ProjectContext.open(project.project, project.overrides()).withEngine(engineOption.type);
         EngineSession session = ctx.engine().session()) {
      boolean readOnly = ctx.engine().isReadOnly(query);
      if (!readOnly && !write) {
        throw MillraceException.user("Cannot run statement '%s': `millrace sql` is read-only and this "
            + "is not a query (pass --write to run statements that write)", abbreviate(query));
      }
      List<String> absent = WarehouseViews.register(session, ctx.warehouse(), asOf);
      try {
        if (!readOnly) {
          long changed = session.execute(query);
          System.out.println(changed < 0 ? "OK" : "OK, " + changed + " rows");
          return 0;
        }
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

  private static String abbreviate(String sql) {
    String s = sql.strip().replaceAll("\\s+", " ");
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
