package io.millrace.quality.internal.dialect;

import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SqlRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DuckDB: the canonical dialect; text is sent as it is built. */
public final class DuckDbDialect implements Dialect {
  public static final DuckDbDialect INSTANCE = new DuckDbDialect();

  private DuckDbDialect() {}

  @Override
  public String name() {
    return "duckdb";
  }

  @Override
  public String render(String canonicalSql) {
    return canonicalSql;
  }

  @Override
  public Map<String, String> describe(SqlRunner runner, String relation) {
    QueryResult r = runner.query("DESCRIBE SELECT * FROM " + relation);
    int name = r.columnIndex("column_name");
    int type = r.columnIndex("column_type");
    Map<String, String> types = new LinkedHashMap<>();
    for (List<Object> row : r.rows()) {
      types.put(String.valueOf(row.get(name)), String.valueOf(row.get(type)));
    }
    return types;
  }

  @Override
  public boolean hasBitmapAggregate() {
    return true;
  }

  @Override
  public SqlRunner wrap(SqlRunner runner) {
    return runner;
  }
}
