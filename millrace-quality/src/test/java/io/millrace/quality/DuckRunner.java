package io.millrace.quality;

import io.millrace.api.MillraceException;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SqlRunner;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SqlRunner over a DuckDB JDBC connection that counts the queries it issues (tests assert on the
 * number of scans) and gives tests the connection for bulk-loading fixtures.
 */
public final class DuckRunner implements SqlRunner, AutoCloseable {
  public final Connection conn;
  public final AtomicInteger queries = new AtomicInteger();

  /** Over an existing connection; {@link #close} closes it. */
  public DuckRunner(Connection conn) {
    this.conn = conn;
  }

  /** Over a new in-memory database. */
  public DuckRunner() {
    try {
      conn = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement s = conn.createStatement()) {
        s.execute("SET autoinstall_known_extensions=false");
        s.execute("SET autoload_known_extensions=false");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public QueryResult query(String sql) {
    queries.incrementAndGet();
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> cols = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        cols.add(md.getColumnLabel(i));
      }
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= cols.size(); i++) {
          Object v = rs.getObject(i);
          if (v instanceof java.sql.Timestamp t) {
            v = t.toLocalDateTime();
          } else if (v instanceof java.sql.Date d) {
            v = d.toLocalDate();
          }
          row.add(v);
        }
        rows.add(row);
      }
      return new QueryResult(cols, rows);
    } catch (SQLException e) {
      throw new MillraceException(io.millrace.api.ErrorKind.USER, "Cannot run query: " + e.getMessage(), e);
    }
  }

  @Override
  public long execute(String sql) {
    try (Statement s = conn.createStatement()) {
      return s.execute(sql) ? -1 : s.getUpdateCount();
    } catch (SQLException e) {
      throw new MillraceException(io.millrace.api.ErrorKind.USER, "Cannot run statement: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      conn.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
