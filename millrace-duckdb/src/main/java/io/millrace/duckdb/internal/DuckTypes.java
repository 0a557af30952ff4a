package io.millrace.duckdb.internal;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps DuckDB type names (as {@code DESCRIBE} prints them) to Millrace's {@link LogicalType}s. */
public final class DuckTypes {
  private static final Pattern DECIMAL = Pattern.compile("(?:DECIMAL|NUMERIC)\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

  private DuckTypes() {}

  /**
   * The column a DuckDB column {@code name} of type {@code duckType} is stored as: DECIMAL(p,s) keeps
   * its precision and scale; HUGEINT and UHUGEINT become DECIMAL(38,0) (a value beyond 38 digits
   * fails the cast when written, naming the value).
   *
   * @throws MillraceException USER naming the column for nested and unsupported types
   */
  public static Column column(String name, String duckType) {
    String t = duckType.strip().replace("\"", "").toUpperCase(Locale.ROOT);
    Matcher m = DECIMAL.matcher(t);
    if (m.matches()) {
      return Column.decimal(name, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
    if (t.equals("DECIMAL") || t.equals("NUMERIC")) {
      return new Column(name, LogicalType.DECIMAL);
    }
    if (t.equals("HUGEINT") || t.equals("UHUGEINT")) {
      return Column.decimal(name, Column.MAX_PRECISION, 0);
    }
    return new Column(name, logical(name, duckType));
  }

  /**
   * The logical type a column of DuckDB type {@code duckType} is stored as.
   *
   * @throws MillraceException USER naming the column for nested and unsupported types
   */
  public static LogicalType logical(String column, String duckType) {
    String t = duckType.strip().replace("\"", "").toUpperCase(Locale.ROOT);
    if (t.endsWith("]") || t.startsWith("STRUCT") || t.startsWith("MAP") || t.startsWith("UNION")) {
      throw MillraceException.user("Cannot store column '%s' of type %s: nested types are not "
          + "supported yet", column, duckType);
    }
    if (t.startsWith("DECIMAL") || t.startsWith("NUMERIC")) {
      return LogicalType.DECIMAL;
    }
    if (t.startsWith("ENUM") || t.startsWith("VARCHAR")) {
      return LogicalType.VARCHAR;
    }
    switch (t) {
      case "BOOLEAN": return LogicalType.BOOLEAN;
      case "TINYINT": case "SMALLINT": case "INTEGER": case "UTINYINT": case "USMALLINT":
        return LogicalType.INTEGER;
      case "BIGINT": case "UINTEGER": case "UBIGINT":
        return LogicalType.BIGINT;
      case "HUGEINT": case "UHUGEINT": return LogicalType.DECIMAL;
      case "FLOAT": case "DOUBLE": return LogicalType.DOUBLE;
      // NULL: an untyped null literal (select null as x); VARCHAR is what DuckDB itself defaults to.
      case "UUID": case "JSON": case "BIT": case "NULL": return LogicalType.VARCHAR;
      case "DATE": return LogicalType.DATE;
      case "TIMESTAMP": case "TIMESTAMP_S": case "TIMESTAMP_MS": case "TIMESTAMP_NS":
        return LogicalType.TIMESTAMP;
      case "TIMESTAMP WITH TIME ZONE": return LogicalType.TIMESTAMPTZ;
      case "TIME": case "TIME WITH TIME ZONE": return LogicalType.TIME;
      case "BLOB": return LogicalType.BLOB;
      default:
        throw MillraceException.user("Cannot store column '%s' of type %s: unsupported type (cast it to "
            + "one of BOOLEAN, INTEGER, BIGINT, DOUBLE, DECIMAL(p,s), VARCHAR, DATE, TIMESTAMP, TIMESTAMPTZ, TIME, BLOB)",
            column, duckType);
    }
  }
}
