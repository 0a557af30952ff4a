package io.millrace.duckdb.internal;

import io.millrace.api.Column;
import io.millrace.api.TableSchema;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.SourceLoad;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Loads a Parquet file as stored. Declared columns must exist and are cast to their declared types
 * (a value that cannot be cast fails the load: Parquet values are typed, so that is a schema error).
 */
final class ParquetSource {
  private final SqlExecutor sql;

  ParquetSource(SqlExecutor sql) {
    this.sql = sql;
  }

  SourceLoad load(SourceSpec source, String table, Describer describer) {
    Path path = SourceFiles.existing(source);
    String what = "read source '" + source.name() + "' from " + path;
    String from = "read_parquet(" + Sql.literal(path) + ")";
    Map<String, String> stored;
    try {
      stored = describer.duckTypes("SELECT * FROM " + from);
    } catch (RuntimeException e) {
      throw SourceFiles.error(source, path, "%s", e.getMessage());
    }
    for (Column c : source.columns()) {
      if (!stored.containsKey(c.name())) {
        throw SourceFiles.error(source, path, "column '%s' is missing from the file (found: %s)",
            c.name(), String.join(", ", stored.keySet()));
      }
    }
    String select = "SELECT *";
    if (!source.columns().isEmpty()) {
      select += " REPLACE (" + source.columns().stream().map(Catalog::cast)
          .collect(Collectors.joining(", ")) + ")";
    }
    long rows = sql.execute("CREATE OR REPLACE TABLE " + Sql.ident(table) + " AS " + select + " FROM "
        + from, what);
    TableSchema schema = describer.tableSchema(table);
    return new SourceLoad(table, schema, rows, List.of());
  }
}
