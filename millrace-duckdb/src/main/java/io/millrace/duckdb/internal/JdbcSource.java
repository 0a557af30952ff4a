package io.millrace.duckdb.internal;

import io.millrace.api.Column;
import io.millrace.api.ErrorKind;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.Secrets;
import io.millrace.api.TableSchema;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.Reject;
import io.millrace.api.spi.SourceLoad;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Loads the result of a query on another database through plain JDBC into a DuckDB table, with
 * DuckDB's Appender (prepared-statement batches are about 100 times slower). Column types come from
 * the result set's metadata; NUMERIC/DECIMAL columns keep their declared precision and scale as an
 * exact DECIMAL(p,s) (see {@link #decimal}). A value its column's type cannot hold exactly (SQLite's dynamic typing
 * lets an integer column hold 1.5 or text) is not truncated: its row becomes a {@link Reject} whose
 * file is the masked URL and whose line is the row's number in the result. Connection failures are EXTERNAL and name the URL with its password
 * masked; SQL the source database rejects (SQLState class 42) is USER.
 */
final class JdbcSource {
  private final SqlExecutor sql;

  JdbcSource(SqlExecutor sql) {
    this.sql = sql;
  }

  SourceLoad load(SourceSpec source, String table) {
    String url = source.url();
    if (url == null || source.query() == null) {
      throw MillraceException.user("Cannot read source '%s': a JDBC source needs both url and query",
          source.name());
    }
    String where = "Cannot read source '" + source.name() + "' from " + Secrets.mask(url) + ": ";
    Connection remote;
    try {
      remote = DriverManager.getConnection(url);
    } catch (SQLException e) {
      throw new MillraceException(ErrorKind.EXTERNAL,
          where + "cannot connect (" + Errors.message(e) + ")", e);
    }
    try (remote; Statement s = remote.createStatement()) {
      s.setFetchSize(10_000);
      try (ResultSet rs = s.executeQuery(source.query())) {
        List<Column> columns = columns(rs.getMetaData(), url);
        createTable(table, columns);
        List<Reject> rejects = new ArrayList<>();
        long rows = append(rs, table, columns, Secrets.mask(url), rejects);
        if (rows == 0 && !rejects.isEmpty()) {
          throw MillraceException.user("%sno row could be read (%d rejected; row %d: %s)", where,
              rejects.size(), rejects.get(0).line(), rejects.get(0).reason());
        }
        return new SourceLoad(table, new TableSchema(columns), rows, rejects);
      }
    } catch (SQLException e) {
      boolean badSql = e.getSQLState() != null && e.getSQLState().startsWith("42");
      throw new MillraceException(badSql ? ErrorKind.USER
          : ErrorKind.EXTERNAL, where + Errors.message(e), e);
    }
  }

  private void createTable(String table, List<Column> columns) {
    String ddl = columns.stream().map(c -> Sql.ident(c.name()) + " " + c.sql())
        .collect(Collectors.joining(", "));
    sql.execute("CREATE OR REPLACE TABLE " + Sql.ident(table) + " (" + ddl + ")",
        "create table '" + table + "'");
  }

  /** Appends every row whose values are exact; the others become rejects numbered by result row. */
  private long append(ResultSet rs, String table, List<Column> columns, String where, List<Reject> rejects)
      throws SQLException {
    DuckDBConnection duck = sql.connection().unwrap(DuckDBConnection.class);
    Object[] values = new Object[columns.size()];
    long rows = 0;
    long row = 0;
    try (DuckDBAppender appender = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
      while (rs.next()) {
        row++;
        try {
          for (int i = 0; i < values.length; i++) {
            values[i] = JdbcValues.read(rs, i + 1, columns.get(i));
          }
        } catch (JdbcValues.Inexact e) {
          rejects.add(new Reject(where, row, e.column, e.getMessage(), original(rs, columns)));
          continue;
        }
        appender.beginRow();
        for (Object value : values) {
          appendValue(appender, value);
        }
        appender.endRow();
        rows++;
      }
      appender.flush();
    }
    return rows;
  }

  /** The row as {@code name=value} pairs, for the reject's original text. */
  private static String original(ResultSet rs, List<Column> columns) throws SQLException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(columns.get(i).name()).append('=').append(rs.getString(i + 1));
    }
    return b.toString();
  }

  private static void appendValue(DuckDBAppender a, Object value) throws SQLException {
    if (value == null) {
      a.appendNull();
    } else if (value instanceof Integer v) {
      a.append(v.intValue());
    } else if (value instanceof Long v) {
      a.append(v.longValue());
    } else if (value instanceof Double v) {
      a.append(v.doubleValue());
    } else if (value instanceof java.math.BigDecimal v) {
      a.append(v);
    } else if (value instanceof Boolean v) {
      a.append(v.booleanValue());
    } else if (value instanceof LocalDate v) {
      a.append(v);
    } else if (value instanceof LocalDateTime v) {
      a.append(v);
    } else if (value instanceof OffsetDateTime v) {
      a.append(v);
    } else if (value instanceof LocalTime v) {
      a.append(v);
    } else if (value instanceof byte[] v) {
      a.appendByteArray(v);
    } else {
      a.append(value.toString());
    }
  }

  private static List<Column> columns(ResultSetMetaData md, String url) throws SQLException {
    // SQLite integers are 64-bit whatever the declared type says.
    boolean sqlite = url.toLowerCase(Locale.ROOT).startsWith("jdbc:sqlite:");
    List<Column> columns = new ArrayList<>(md.getColumnCount());
    for (int i = 1; i <= md.getColumnCount(); i++) {
      // PostgreSQL reports timestamptz as TIMESTAMP; only its type name tells them apart.
      int jdbcType = md.getColumnType(i);
      if (jdbcType == Types.NUMERIC || jdbcType == Types.DECIMAL) {
        columns.add(decimal(md.getColumnLabel(i), md.getPrecision(i), md.getScale(i)));
        continue;
      }
      LogicalType type = "timestamptz".equalsIgnoreCase(md.getColumnTypeName(i))
          ? LogicalType.TIMESTAMPTZ : type(jdbcType, sqlite);
      columns.add(new Column(md.getColumnLabel(i), type));
    }
    return columns;
  }

  /**
   * A NUMERIC/DECIMAL column as the exact DECIMAL(p,s) it declares. One without a precision
   * (PostgreSQL's bare {@code numeric}, SQLite's {@code decimal}) or beyond DuckDB's 38 digits reads
   * as DECIMAL(38,10): values with more digits are rejected, never rounded.
   */
  static Column decimal(String name, int precision, int scale) {
    if (precision < 1 || precision > Column.MAX_PRECISION || scale < 0 || scale > precision) {
      return Column.decimal(name, Column.MAX_PRECISION, UNDECLARED_SCALE);
    }
    return Column.decimal(name, precision, scale);
  }

  /** The scale of a NUMERIC column that declares none. */
  static final int UNDECLARED_SCALE = 10;

  static LogicalType type(int jdbcType, boolean sqlite) {
    switch (jdbcType) {
      case Types.TINYINT: case Types.SMALLINT: case Types.INTEGER:
        return sqlite ? LogicalType.BIGINT : LogicalType.INTEGER;
      case Types.BIGINT: return LogicalType.BIGINT;
      case Types.FLOAT: case Types.REAL: case Types.DOUBLE:
        return LogicalType.DOUBLE;
      case Types.NUMERIC: case Types.DECIMAL:
        return LogicalType.DECIMAL;
      case Types.BOOLEAN: case Types.BIT: return LogicalType.BOOLEAN;
      case Types.DATE: return LogicalType.DATE;
      case Types.TIMESTAMP: return LogicalType.TIMESTAMP;
      case Types.TIMESTAMP_WITH_TIMEZONE: return LogicalType.TIMESTAMPTZ;
      case Types.TIME: return LogicalType.TIME;
      case Types.BINARY: case Types.VARBINARY: case Types.LONGVARBINARY: case Types.BLOB:
        return LogicalType.BLOB;
      default: return LogicalType.VARCHAR;
    }
  }
}
