package io.millrace.api;

import java.util.Locale;

/**
 * Column types that every engine and the warehouse agree on. Engines cast anything else (DuckDB's
 * HUGEINT to DECIMAL(38,0), SMALLINT/TINYINT to INTEGER, FLOAT to DOUBLE) before writing. DECIMAL is
 * exact; its precision and scale live on {@link Column}.
 */
public enum LogicalType {
  BOOLEAN, INTEGER, BIGINT, DOUBLE, DECIMAL, VARCHAR, DATE, TIMESTAMP, TIMESTAMPTZ, TIME, BLOB;

  /**
   * Parses a user-facing type name as written in {@code millrace.yaml} ({@code integer, int, bigint,
   * long, double, float, decimal, string, varchar, text, date, timestamp, timestamptz, bool, boolean}).
   * A bare {@code decimal} is DECIMAL; {@link Column#parse} also reads {@code decimal(p,s)}.
   *
   * @throws MillraceException USER when the name is unknown
   */
  public static LogicalType parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "int": case "integer": case "int32": case "smallint": case "tinyint": return INTEGER;
      case "bigint": case "long": case "int64": return BIGINT;
      case "double": case "float": case "real": case "float64": return DOUBLE;
      case "decimal": case "numeric": return DECIMAL;
      case "string": case "varchar": case "text": case "str": return VARCHAR;
      case "date": return DATE;
      case "timestamp": case "datetime": return TIMESTAMP;
      case "timestamptz": case "timestamp with time zone": return TIMESTAMPTZ;
      case "time": return TIME;
      case "bool": case "boolean": return BOOLEAN;
      case "blob": case "bytes": case "binary": return BLOB;
      default:
        throw MillraceException.user("Cannot use type '%s': expected one of integer, bigint, double, "
            + "decimal(p,s), string, date, timestamp, timestamptz, time, boolean, blob", name);
    }
  }

  /** The SQL type name engines use in casts and DDL. */
  public String sql() {
    return this == TIMESTAMPTZ ? "TIMESTAMP WITH TIME ZONE" : name();
  }
}
