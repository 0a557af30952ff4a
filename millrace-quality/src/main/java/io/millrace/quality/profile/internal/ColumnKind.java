package io.millrace.quality.profile.internal;

import java.util.Locale;

/**
 * How the profiler treats a column, from the engine's (DuckDB) type name. Decides which aggregates
 * apply and the Java type values are read as, so every engine value is read as Long, Double,
 * Boolean or text.
 */
public enum ColumnKind {
  /** Integers that fit a BIGINT: min/max read as Long. */
  INTEGRAL,
  /** Floating, decimal and huge integers: read as Double. */
  FLOATING,
  BOOLEAN,
  /** Ordered non-numeric types (text, dates, times, UUID, enums): read as the engine's text. */
  TEXTUAL,
  /** BLOB, BIT and nested types: no min/max; values shown as text. */
  UNORDERED;

  public static ColumnKind of(String engineType) {
    String t = engineType.toUpperCase(Locale.ROOT).trim();
    if (t.endsWith("]") || t.startsWith("STRUCT") || t.startsWith("MAP") || t.startsWith("UNION")
        || t.equals("BLOB") || t.equals("BIT") || t.equals("VARINT") || t.equals("BIGNUM")) {
      return UNORDERED;
    }
    switch (t) {
      case "TINYINT": case "SMALLINT": case "INTEGER": case "BIGINT":
      case "UTINYINT": case "USMALLINT": case "UINTEGER":
        return INTEGRAL;
      case "UBIGINT": case "HUGEINT": case "UHUGEINT": case "FLOAT": case "DOUBLE": case "REAL":
        return FLOATING;
      case "BOOLEAN":
        return BOOLEAN;
      default:
        return t.startsWith("DECIMAL") || t.startsWith("NUMERIC") ? FLOATING : TEXTUAL;
    }
  }

  public boolean numeric() {
    return this == INTEGRAL || this == FLOATING;
  }

  /** An expression reading {@code expr} (of this kind) as the Java type the profile reports. */
  public String read(String expr) {
    switch (this) {
      case INTEGRAL: return "CAST(" + expr + " AS BIGINT)";
      case FLOATING: return "CAST(" + expr + " AS DOUBLE)";
      case BOOLEAN: return expr;
      default: return "CAST(" + expr + " AS VARCHAR)";
    }
  }
}
