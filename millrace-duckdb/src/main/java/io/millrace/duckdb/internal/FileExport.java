package io.millrace.duckdb.internal;

import io.millrace.api.project.ExportSpec;
import java.nio.file.Path;

/** PARQUET and CSV (with header) exports via DuckDB's COPY; the target file is replaced. */
final class FileExport {
  private final SqlExecutor sql;

  FileExport(SqlExecutor sql) {
    this.sql = sql;
  }

  long export(ExportSpec export, String query) {
    Path file = Path.of(export.target()).toAbsolutePath();
    ParquetWriter.createParent(file);
    String options = export.format() == ExportSpec.Format.PARQUET ? "FORMAT parquet"
        : "FORMAT csv, HEADER true";
    return sql.execute("COPY " + Sql.subquery(query) + " TO " + Sql.literal(file) + " (" + options + ")",
        "export table '" + export.table() + "' to " + file);
  }
}
