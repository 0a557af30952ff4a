package io.millrace.duckdb.internal;

import io.millrace.api.Column;
import io.millrace.api.ErrorKind;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.Secrets;
import io.millrace.api.TableSchema;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.SourceLoad;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
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
 * the result set's metadata. Connection failures are EXTERNAL and name the URL with its password
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
        long rows = append(rs, table, columns);
        return new SourceLoad(table, new TableSchema(columns), rows, List.of());
      }
    } catch (SQLException e) {
      boolean badSql = e.getSQLState() != null && e.getSQLState().startsWith("42");
      throw new MillraceException(badSql ? ErrorKind.USER
          : ErrorKind.EXTERNAL, where + Errors.message(e), e);
    }
  }

  private void createTable(String table, List<Column> columns) {
    String ddl = columns.stream().map(c -> Sql.ident(c.name()) + " " + c.type().sql())
        .collect(Collectors.joining(", "));
    sql.execute("CREATE OR REPLACE TABLE " + Sql.ident(table) + " (" + ddl + ")",
        "create table '" + table + "'");
  }

  private long append(ResultSet rs, String table, List<Column> columns) throws SQLException {
    DuckDBConnection duck = sql.connection().unwrap(DuckDBConnection.class);
    long rows = 0;
    try (DuckDBAppender appender = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
      while (rs.next()) {
        appender.beginRow();
        for (int i = 0; i < columns.size(); i++) {
          appendValue(appender, rs, i + 1, columns.get(i).type());
        }
        appender.endRow();
        rows++;
      }
      appender.flush();
    }
    return rows;
  }

  private static void appendValue(DuckDBAppender a, ResultSet rs, int i, LogicalType type)
      throws SQLException {
    Object value;
    switch (type) {
      case INTEGER: value = rs.getInt(i); break;
      case BIGINT: value = rs.getLong(i); break;
      case DOUBLE: value = rs.getDouble(i); break;
      case BOOLEAN: value = rs.getBoolean(i); break;
      case DATE: { Date d = rs.getDate(i); value = d == null ? null : d.toLocalDate(); break; }
      case TIMESTAMP: {
        Timestamp t = rs.getTimestamp(i);
        value = t == null ? null : t.toLocalDateTime();
        break;
      }
      case TIMESTAMPTZ: value = rs.getObject(i, OffsetDateTime.class); break;
      case TIME: { Time t = rs.getTime(i); value = t == null ? null : t.toLocalTime(); break; }
      case BLOB: value = rs.getBytes(i); break;
      default: value = rs.getString(i);
    }
    if (value == null || rs.wasNull()) {
      a.appendNull();
    } else if (value instanceof Integer v) {
      a.append(v.intValue());
    } else if (value instanceof Long v) {
      a.append(v.longValue());
    } else if (value instanceof Double v) {
      a.append(v.doubleValue());
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
      LogicalType type = "timestamptz".equalsIgnoreCase(md.getColumnTypeName(i))
          ? LogicalType.TIMESTAMPTZ : type(md.getColumnType(i), sqlite);
      columns.add(new Column(md.getColumnLabel(i), type));
    }
    return columns;
  }

  static LogicalType type(int jdbcType, boolean sqlite) {
    switch (jdbcType) {
      case Types.TINYINT: case Types.SMALLINT: case Types.INTEGER:
        return sqlite ? LogicalType.BIGINT : LogicalType.INTEGER;
      case Types.BIGINT: return LogicalType.BIGINT;
      case Types.FLOAT: case Types.REAL: case Types.DOUBLE: case Types.NUMERIC: case Types.DECIMAL:
        return LogicalType.DOUBLE;
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
