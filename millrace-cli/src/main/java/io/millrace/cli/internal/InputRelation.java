package io.millrace.cli.internal;

import io.millrace.api.SqlText;
import io.millrace.api.MillraceException;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.Reject;
import io.millrace.api.spi.SourceLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Turns a {@code FILE_OR_TABLE} argument into something SQL can read: a Parquet file is read in
 * place; CSV and JSON-lines files are loaded once (bad lines become reported rejects, never silently
 * dropped); anything else is a warehouse table name (needs {@code --project}).
 *
 * @param relation FROM-able SQL
 * @param name a short name for messages and reports
 * @param rejects lines of the input that could not be read
 */
public record InputRelation(String relation, String name, List<Reject> rejects) {

  public static InputRelation resolve(EngineSession session, String input, ProjectContext project) {
    Path file = Path.of(input);
    String lower = input.toLowerCase(Locale.ROOT);
    if (Files.isRegularFile(file)) {
      String name = baseName(file);
      if (lower.endsWith(".parquet")) {
        return new InputRelation("read_parquet(" + SqlText.string(file.toAbsolutePath().toString()) + ")", name,
            List.of());
      }
      SourceFormat format = lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")
          ? SourceFormat.JSONL : SourceFormat.CSV;
      SourceLoad load = session.loadSource(SourceSpec.file(name, format, file.toAbsolutePath(), List.of()), "__input");
      return new InputRelation(load.table(), name, load.rejects());
    }
    if (project == null) {
      throw MillraceException.user("Cannot read '%s': no such file (to validate a warehouse table, add --project P)", input);
    }
    if (!project.warehouse().exists(input)) {
      throw MillraceException.user("Cannot read table '%s': not in the warehouse of project '%s' (tables: %s)",
          input, project.spec().name(), project.warehouse().tables().stream().map(t -> t.name()).toList());
    }
    WarehouseViews.register(session, project.warehouse(), null);
    return new InputRelation(SqlText.ident(input), input, List.of());
  }

  private static String baseName(Path file) {
    String n = file.getFileName().toString();
    int dot = n.indexOf('.');
    return (dot > 0 ? n.substring(0, dot) : n).replaceAll("[^A-Za-z0-9_]", "_");
  }

  /** Prints a one-line summary of rejects (and the first few) to stderr. */
  public void reportRejects() {
    if (rejects.isEmpty()) {
      return;
    }
    Console.err(String.format("warning: %d line(s) of %s could not be read and were not validated:", rejects.size(), name));
    rejects.stream().limit(5).forEach(r -> Console.err(String.format("  %s:%d%s: %s", r.file(), r.line(),
        r.column() == null ? "" : " column " + r.column(), r.reason())));
  }
}
