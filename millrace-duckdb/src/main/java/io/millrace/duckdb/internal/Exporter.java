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

  long export(ExportSpec export, String query) {
    switch (export.format()) {
      case PARQUET: case CSV: return new FileExport(sql).export(export, query);
      case SQLITE: return new SqliteExport(sql, describer).export(export, query);
      case POSTGRES: return new PostgresExport(sql, describer).export(export, query);
      default: throw new IllegalStateException("unknown export format " + export.format());
    }
  }
}
