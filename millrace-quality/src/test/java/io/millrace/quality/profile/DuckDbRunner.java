package io.millrace.quality.profile;

import io.millrace.api.MillraceException;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SqlRunner;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A SqlRunner over an in-memory DuckDB through JDBC, for tests while the millrace-duckdb engine is
 * being written. The real engine, not a mock: only the SPI plumbing is local.
 */
final class DuckDbRunner implements SqlRunner, AutoCloseable {
  private final Connection connection;

  DuckDbRunner() {
    try {
      connection = DriverManager.getConnection("jdbc:duckdb:");
      execute("SET autoinstall_known_extensions=false");
      execute("SET autoload_known_extensions=false");
    } catch (SQLException e) {
      throw MillraceException.external(e, "Cannot open DuckDB: %s", e.getMessage());
    }
  }

  @Override
  public QueryResult query(String sql) {
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        columns.add(rs.getMetaData().getColumnLabel(i));
      }
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      return new QueryResult(columns, rows);
    } catch (SQLException e) {
      throw MillraceException.user("Cannot run query: %s", e.getMessage());
    }
  }

  @Override
  public long execute(String sql) {
    try (Statement st = connection.createStatement()) {
      return st.execute(sql) ? -1 : st.getUpdateCount();
    } catch (SQLException e) {
      throw MillraceException.user("Cannot run statement: %s", e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw MillraceException.external(e, "Cannot close DuckDB: %s", e.getMessage());
    }
  }
}
