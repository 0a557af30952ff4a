package io.millrace.duckdb.internal;

import io.millrace.api.Column;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes query results as Parquet files with Iceberg field ids: {@code COPY (SELECT casts FROM (q))
 * TO file (FORMAT parquet, FIELD_IDS {...})}. Never {@code FIELD_IDS 'auto'}, whose ids start at 0.
 *
 * <p>Row order: a query without {@code ORDER BY} promises none, so its rows are written in whatever
 * order DuckDB's threads produce them ({@code PRESERVE_ORDER false}): keeping the scan order
 * serializes the write (measured at 10M rows × 5 columns, loaded machine: 1.7–2.1 s of CPU and 4.2–5.3 s
 * wall kept, 0.8–1.5 s and 1.1–4.0 s not). A query that mentions {@code order} anywhere (an
 * {@code ORDER BY}, a window's, or only a comment) keeps its order: DuckDB's copy option would
 * otherwise scramble an {@code ORDER BY} too.
 */
public final class ParquetWriter {
  private final SqlExecutor sql;
  private final Describer describer;

  public ParquetWriter(SqlExecutor sql, Describer describer) {
    this.sql = sql;
    this.describer = describer;
  }

  public long write(String query, Path file, Map<String, Integer> fieldIds) {
    return write(query, describer.schema(query), file, fieldIds);
  }

  /** @param schema the query's schema, known to the caller (not bound again) */
  public long write(String query, TableSchema schema, Path file, Map<String, Integer> fieldIds) {
    for (Column c : schema.columns()) {
      if (!fieldIds.containsKey(c.name())) {
        throw MillraceException.internal(null, "Cannot write Parquet file %s: column '%s' has no field "
            + "id (ids given for %s)", file, c.name(), fieldIds.keySet());
      }
    }
    createParent(file);
    String casts = schema.columns().stream().map(Catalog::cast).collect(Collectors.joining(", "));
    String ids = schema.columns().stream()
        .map(c -> Sql.ident(c.name()) + ": " + fieldIds.get(c.name()))
        .collect(Collectors.joining(", ", "{", "}"));
    String copy = "COPY (SELECT " + casts + " FROM " + Sql.subquery(query) + " AS _q) TO "
        + Sql.literal(file) + " (FORMAT parquet, FIELD_IDS " + ids
        + (ordered(query) ? "" : ", PRESERVE_ORDER false") + ")";
    return sql.execute(copy, "write Parquet file " + file);
  }

  private static final java.util.regex.Pattern ORDER =
      java.util.regex.Pattern.compile("\\border\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

  /** Whether the rows must be written in the query's order: it may have an ORDER BY (conservative). */
  static boolean ordered(String query) {
    return ORDER.matcher(query).find();
  }

  /**
   * An export's local target: its folder is created, and a folder is refused where the file goes.
   * Both are the user's to fix (USER, not retried); the message names the export and the path.
   */
  static void exportTarget(Path file, String what) {
    try {
      createParent(file);
    } catch (MillraceException e) {
      throw new MillraceException(e.kind(), "Cannot " + what + ": " + uncap(e.getMessage()), e);
    }
    if (Files.isDirectory(file)) {
      throw MillraceException.user("Cannot %s: %s is a folder, where a file is expected", what, file);
    }
  }

  private static String uncap(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  static void createParent(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new MillraceException(io.millrace.api.ErrorKind.USER, String.format("Cannot create folder %s: "
          + "%s is a file, where a folder is expected", parent, e.getFile()), e);
    } catch (java.nio.file.FileSystemException e) {
      // permission denied, a read-only file system: retrying cannot help, so this is the user's to
      // fix (not retried)
      throw new MillraceException(io.millrace.api.ErrorKind.USER,
          String.format("Cannot create folder %s: %s", parent, Errors.message(e)), e);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot create folder %s: %s", parent, Errors.message(e));
    }
  }
}
