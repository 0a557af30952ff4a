package io.millrace.duckdb.internal;

import io.millrace.api.project.ExportSpec;

/** Sends a query result to an export's target with the writer of its format. */
final class Exporter {
  private final SqlExecutor sql;
  private final Describer describer;

  Exporter(SqlExecutor sql, Describer describer) {
    this.sql = sql;
    this.describer = describer;
  }

  /** @param tag APPEND only: replace the target's rows of this interval (null: plain append) */
  long export(ExportSpec export, String query, String tag) {
    switch (export.format()) {
      case PARQUET: case CSV: return new FileExport(sql).export(export, query, tag);
      case SQLITE: return new SqliteExport(sql, describer).export(export, query, tag);
      case POSTGRES: return new PostgresExport(sql, describer).export(export, query, tag);
      default: throw new IllegalStateException("unknown export format " + export.format());
    }
  }
}
