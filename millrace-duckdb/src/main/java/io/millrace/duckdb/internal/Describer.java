package io.millrace.duckdb.internal;

import io.millrace.api.Column;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.spi.QueryResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Binds queries without running them ({@code DESCRIBE}) and maps their columns to logical types. */
public final class Describer {
  private final SqlExecutor sql;

  public Describer(SqlExecutor sql) {
    this.sql = sql;
  }

  /**
   * Column name to DuckDB type name, in order.
   *
   * @throws io.millrace.api.MillraceException USER when two result columns share a name (ignoring
   *     case, as SQL does): one would silently replace the other when the result is stored
   */
  public Map<String, String> duckTypes(String query) {
    QueryResult r = sql.query("DESCRIBE " + Sql.body(query), "bind query");
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, String> lower = new HashMap<>();
    for (List<Object> row : r.rows()) {
      String name = (String) row.get(0);
      String earlier = lower.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
      if (earlier != null) {
        throw MillraceException.user("its result has two columns named %s; give each output column its own "
            + "name (column names are case-insensitive)",
            earlier.equals(name) ? "'" + name + "'" : "'" + earlier + "' and '" + name + "'");
      }
      types.put(name, (String) row.get(1));
    }
    return types;
  }

  public TableSchema schema(String query) {
    return schema(duckTypes(query));
  }

  public static TableSchema schema(Map<String, String> duckTypes) {
    List<Column> columns = new ArrayList<>(duckTypes.size());
    duckTypes.forEach((name, type) -> columns.add(DuckTypes.column(name, type)));
    return new TableSchema(columns);
  }

  /** The schema of a table or view of the catalog. */
  public TableSchema tableSchema(String table) {
    return schema("SELECT * FROM " + Sql.ident(table));
  }
}
