package io.millrace.duckdb.internal;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import java.util.Locale;

/** Maps DuckDB type names (as {@code DESCRIBE} prints them) to Millrace's {@link LogicalType}s. */
public final class DuckTypes {
  private DuckTypes() {}

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
      return LogicalType.DOUBLE;
    }
    if (t.startsWith("ENUM") || t.startsWith("VARCHAR")) {
      return LogicalType.VARCHAR;
    }
    switch (t) {
      case "BOOLEAN": return LogicalType.BOOLEAN;
      case "TINYINT": case "SMALLINT": case "INTEGER": case "UTINYINT": case "USMALLINT":
        return LogicalType.INTEGER;
      case "BIGINT": case "UINTEGER": case "UBIGINT": case "HUGEINT": case "UHUGEINT":
        return LogicalType.BIGINT;
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
            + "one of BOOLEAN, INTEGER, BIGINT, DOUBLE, VARCHAR, DATE, TIMESTAMP, TIMESTAMPTZ, TIME, BLOB)",
            column, duckType);
    }
  }
}
