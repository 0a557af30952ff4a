package io.millrace.duckdb.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.project.ExportSpec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * PARQUET and CSV (with header) exports via DuckDB's COPY. The file is written beside the target and
 * moved over it, so a failed export never leaves a half-written file. APPEND adds rows: to a CSV by
 * appending the new lines (no second header), to a Parquet file by rewriting it with the old rows
 * followed by the new ones (columns matched by name).
 */
final class FileExport {
  private final SqlExecutor sql;

  FileExport(SqlExecutor sql) {
    this.sql = sql;
  }

  long export(ExportSpec export, String query, String tag) {
    Path file = Path.of(export.target()).toAbsolutePath();
    String what = "export table '" + export.table() + "' to " + file;
    ParquetWriter.exportTarget(file, what);
    boolean append = export.mode() == ExportSpec.Mode.APPEND && Files.exists(file);
    boolean parquet = export.format() == ExportSpec.Format.PARQUET;
    Path tmp = file.resolveSibling("." + file.getFileName() + ".millrace-tmp");
    try {
      if (append && tag != null) {
        return rewrite(file, tmp, parquet, query, tag, what);
      }
      if (parquet) {
        String old = "read_parquet(" + Sql.literal(file) + ")";
        long before = append ? ((Number) sql.query("SELECT count(*) FROM " + old, what).rows().get(0).get(0)).longValue() : 0;
        String source = append ? "(SELECT * FROM " + old + " UNION ALL BY NAME SELECT * FROM " + Sql.subquery(query) + ")"
            : Sql.subquery(query);
        long rows = sql.execute("COPY " + source + " TO " + Sql.literal(tmp) + " (FORMAT parquet)", what);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return rows - before;
      }
      long rows = sql.execute("COPY " + Sql.subquery(query) + " TO " + Sql.literal(tmp)
          + " (FORMAT csv, HEADER " + !append + ")", what);
      if (append) {
        try (FileChannel in = FileChannel.open(tmp, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
          for (long done = 0, size = in.size(); done < size; ) {
            done += in.transferTo(done, size - done, out);   // may move less than asked
          }
        }
        Files.delete(tmp);
      } else {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      return rows;
    } catch (java.nio.file.FileSystemException e) {
      // a local path problem (permissions, a read-only disk): retrying cannot help
      throw new MillraceException(io.millrace.api.ErrorKind.USER, "Cannot " + what + ": " + Errors.message(e), e);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot %s: %s", what, e.getMessage());
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort: a leftover hidden temp file does not affect the target
      }
    }
  }

  /**
   * A tagged APPEND: the file is rewritten with its rows of other intervals followed by the new
   * ones (a CSV read back as text, so values keep their written form), then moved over the target.
   * Costs a pass over the file per export; rows of the same interval never appear twice.
   */
  private long rewrite(Path file, Path tmp, boolean parquet, String query, String tag, String what) throws IOException {
    String old = parquet ? "read_parquet(" + Sql.literal(file) + ")"
        : "read_csv(" + Sql.literal(file) + ", header = true, all_varchar = true)";
    boolean tagged = sql.query("DESCRIBE SELECT * FROM " + old, what).rows().stream()
        .anyMatch(r -> ExportSpec.INTERVAL_COLUMN.equalsIgnoreCase(String.valueOf(r.get(0))));
    String kept = "SELECT * FROM " + old + (tagged ? " WHERE " + Sql.ident(ExportSpec.INTERVAL_COLUMN)
        + " IS DISTINCT FROM " + Sql.literal(tag) : "");
    long before = ((Number) sql.query("SELECT count(*) FROM (" + kept + ")", what).rows().get(0).get(0)).longValue();
    String rows = "(" + kept + " UNION ALL BY NAME SELECT * FROM " + Sql.subquery(query) + ")";
    long total = sql.execute("COPY " + rows + " TO " + Sql.literal(tmp) + (parquet ? " (FORMAT parquet)"
        : " (FORMAT csv, HEADER true)"), what);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return total - before;
  }
}
