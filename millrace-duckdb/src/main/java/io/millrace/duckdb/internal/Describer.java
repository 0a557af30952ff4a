package io.millrace.duckdb.internal;

import io.millrace.api.Column;
import io.millrace.api.TableSchema;
import io.millrace.api.spi.QueryResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Binds queries without running them ({@code DESCRIBE}) and maps their columns to logical types. */
public final class Describer {
  private final SqlExecutor sql;

  public Describer(SqlExecutor sql) {
    this.sql = sql;
  }

  /** Column name to DuckDB type name, in order. */
  public Map<String, String> duckTypes(String query) {
    QueryResult r = sql.query("DESCRIBE " + Sql.body(query), "bind query");
    Map<String, String> types = new LinkedHashMap<>();
    for (List<Object> row : r.rows()) {
      types.put((String) row.get(0), (String) row.get(1));
    }
    return types;
  }

  public TableSchema schema(String query) {
    return schema(duckTypes(query));
  }

  public static TableSchema schema(Map<String, String> duckTypes) {
    List<Column> columns = new ArrayList<>(duckTypes.size());
    duckTypes.forEach((name, type) -> columns.add(new Column(name, DuckTypes.logical(name, type))));
    return new TableSchema(columns);
  }

  /** The schema of a table or view of the catalog. */
  public TableSchema tableSchema(String table) {
    return schema("SELECT * FROM " + Sql.ident(table));
  }
}
