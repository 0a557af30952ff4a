package io.millrace.duckdb.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.spi.QueryResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs statements on one DuckDB connection, translating errors and remembering the running statement
 * so another thread can cancel it. A fresh {@link Statement} per call: DuckDB closes a statement
 * whose execution failed. Not thread-safe, except {@link #cancel()}.
 */
public final class SqlExecutor {
  private final Connection connection;
  private volatile Statement running;

  public SqlExecutor(Connection connection) {
    this.connection = connection;
  }

  public Connection connection() {
    return connection;
  }

  /** Runs a statement; the update count, or -1. {@code what} completes "Cannot ..." in errors. */
  public long execute(String sql, String what) {
    try (Statement s = connection.createStatement()) {
      running = s;
      boolean hasResult = s.execute(sql);
      if (hasResult) {
        return -1;
      }
      long count = s.getLargeUpdateCount();
      return count;
    } catch (SQLException e) {
      throw Errors.sql(e, what);
    } finally {
      running = null;
    }
  }

  public QueryResult query(String sql, String what) {
    try (Statement s = connection.createStatement()) {
      running = s;
      try (ResultSet rs = s.executeQuery(sql)) {
        return read(rs);
      }
    } catch (SQLException e) {
      throw Errors.sql(e, what);
    } finally {
      running = null;
    }
  }

  /** Streams a result to {@code consumer}; the statement stays cancellable while it runs. */
  public <T> T stream(String sql, String what, ResultSetFunction<T> consumer) {
    try (Statement s = connection.createStatement()) {
      running = s;
      try (ResultSet rs = s.executeQuery(sql)) {
        return consumer.apply(rs);
      }
    } catch (SQLException e) {
      throw Errors.sql(e, what);
    } finally {
      running = null;
    }
  }

  /** Asks the running statement, if any, to stop; safe from any thread. */
  public void cancel() {
    Statement s = running;
    if (s != null) {
      try {
        s.cancel();
      } catch (SQLException e) {
        throw MillraceException.external(e, "Cannot cancel DuckDB statement: %s", Errors.message(e));
      }
    }
  }

  private static QueryResult read(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<String> columns = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      columns.add(md.getColumnLabel(i));
    }
    List<List<Object>> rows = new ArrayList<>();
    while (rs.next()) {
      List<Object> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        row.add(normalize(rs.getObject(i)));
      }
      rows.add(Collections.unmodifiableList(row));
    }
    return new QueryResult(columns, rows);
  }

  /** JDBC legacy date/time classes as java.time, as {@link QueryResult} promises; JSON as text. */
  static Object normalize(Object value) throws SQLException {
    if (value instanceof java.sql.Blob b) {
      return b.getBytes(1, (int) b.length());
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime();
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (value instanceof java.sql.Time t) {
      return t.toLocalTime();
    }
    if (value instanceof org.duckdb.JsonNode j) {
      return j.toString();
    }
    return value;
  }

  /** A function over a result set that may throw {@link SQLException}. */
  @FunctionalInterface
  public interface ResultSetFunction<T> {
    T apply(ResultSet rs) throws SQLException;
  }
}
