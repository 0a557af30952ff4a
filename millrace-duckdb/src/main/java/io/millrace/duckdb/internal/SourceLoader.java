package io.millrace.duckdb.internal;

import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.SourceLoad;

/** Reads a declared source into a session table with the reader of its format. */
final class SourceLoader {
  private final SqlExecutor sql;
  private final Describer describer;
  private final Catalog catalog;

  SourceLoader(SqlExecutor sql, Describer describer, Catalog catalog) {
    this.sql = sql;
    this.describer = describer;
    this.catalog = catalog;
  }

  SourceLoad load(SourceSpec source, String table) {
    catalog.makeRoomFor(table, "TABLE");
    switch (source.format()) {
      case CSV: return new CsvSource(sql).load(source, table, describer);
      case JSONL: return new JsonlSource(sql).load(source, table, describer);
      case PARQUET: return new ParquetSource(sql).load(source, table, describer);
      case JDBC: return new JdbcSource(sql).load(source, table);
      default: throw new IllegalStateException("unknown format " + source.format());
    }
  }
}
