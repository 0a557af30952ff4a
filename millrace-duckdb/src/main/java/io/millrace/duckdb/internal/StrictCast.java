package io.millrace.duckdb.internal;

import io.millrace.api.Column;

/**
 * SQL that reads a text value as a column's type only when the text is exactly a value of that type.
 * DuckDB's own VARCHAR casts are lenient where that loses data: {@code '3.5'} and {@code '1e3'} cast
 * to INTEGER 4 and 1000, {@code '2025-01-01 10:00'} to DATE drops the time, a zone offset is dropped
 * from a TIMESTAMP, digits beyond microseconds are cut, {@code '1e400'} becomes an infinite DOUBLE.
 * Sources read such columns as text, cast with {@code TRY_CAST} and test the text with
 * {@link #accepts}; a present value that fails rejects its line.
 *
 * <p>Exactness rules (documented in the README): integers are digits with an optional sign (no
 * decimal point, exponent, hex or {@code _}) within the type's range; doubles are numbers that
 * stay finite (or are spelled {@code inf}, {@code nan}); decimals are plain numbers (no exponent)
 * that fit the precision with at most {@code scale} fractional digits (trailing zeros aside); dates carry no time
 * part; timestamps and times have at most six fractional digits, and a TIMESTAMP or TIME no zone;
 * booleans are true/false, t/f, yes/no, y/n, 1/0 in any case. Surrounding blanks are allowed.
 *
 * <p>The checks are chosen for speed on the hot path: string scans cost about as much as the casts
 * themselves, so integers are first tested by an exact round trip and only other spellings by a
 * regular expression (see BENCHMARKS.md for the measured cost).
 */
final class StrictCast {
  private static final String FRACTION_OVER_MICROS = "'\\.\\d{6}\\d*[1-9]'";
  private static final String ZONE =
      "':\\d{2}(\\.\\d*)?\\s*(Z|z|[+-]\\d{1,2}(:?\\d{2})?|[A-Za-z][A-Za-z_/+-]*)\\s*$'";
  private static final String WHOLE = "'\\s*[+-]?[0-9]+\\s*'";
  private static final String FLOAT_WORD = "'\\s*[+-]?(?i:inf|infinity|nan)\\s*'";

  private StrictCast() {}

  /** Whether the column's type needs the text test (DuckDB's casts of the others are exact). */
  static boolean needed(Column c) {
    switch (c.type()) {
      case VARCHAR: case BOOLEAN: case BLOB: return false;
      default: return true;
    }
  }

  /** {@code TRY_CAST(raw AS type)}: the value, or NULL when the text is no value of the type. */
  static String value(String raw, Column c) {
    return "TRY_CAST(" + raw + " AS " + c.sql() + ")";
  }

  /**
   * A boolean SQL expression, true when the non-null text {@code raw} is exactly a value of the type;
   * never NULL for a non-null {@code raw}.
   */
  static String accepts(String raw, Column c) {
    String cast = value(raw, c) + " IS NOT NULL";
    switch (c.type()) {
      case INTEGER: case BIGINT:
        // The round trip settles almost every value with vectorized work; only spellings other than
        // the canonical one ('+8', '007', ' 7') reach the regular expression.
        return "(coalesce(" + value(raw, c) + "::VARCHAR = " + raw + ", false) OR (" + cast
            + " AND regexp_full_match(" + raw + ", " + WHOLE + ")))";
      case DECIMAL:
        // TRY_CAST rounds digits beyond the scale ('1.234' to DECIMAL(20,2) is 1.23): only plain
        // numbers with at most `scale` fractional digits (trailing zeros aside) are exact.
        return "(" + cast + " AND regexp_full_match(" + raw + ", '\\s*[+-]?(\\d+(\\.\\d{0," + c.scale()
            + "}0*)?|\\.\\d{0," + c.scale() + "}0*)\\s*'))";
      case DOUBLE:
        return "(" + cast + " AND (NOT isinf(" + value(raw, c) + ") OR regexp_full_match(" + raw + ", "
            + FLOAT_WORD + ")))";
      case DATE:
        return "(" + cast + " AND NOT contains(" + raw + ", ':'))";
      case TIMESTAMPTZ:
        return "(" + cast + " AND NOT regexp_matches(" + raw + ", " + FRACTION_OVER_MICROS + "))";
      case TIMESTAMP: case TIME:
        return "(" + cast + " AND NOT regexp_matches(" + raw + ", " + FRACTION_OVER_MICROS + ") "
            + "AND NOT regexp_matches(" + raw + ", " + ZONE + "))";
      default:
        return cast;
    }
  }

  /** What a value of the column's type looks like, for reject reasons. */
  static String expected(Column c) {
    switch (c.type()) {
      case INTEGER: return "a whole number from -2147483648 to 2147483647";
      case BIGINT: return "a whole number from -9223372036854775808 to 9223372036854775807";
      case DOUBLE: return "a finite decimal or scientific number";
      case DECIMAL: return "a number with at most " + (c.precision() - c.scale()) + " digits before the "
          + "point and " + c.scale() + " after it (" + c.typeName() + ")";
      case DATE: return "a date (YYYY-MM-DD) without a time";
      case TIMESTAMP: return "a timestamp (YYYY-MM-DD HH:MM:SS[.ffffff]) without a time zone "
          + "(declare timestamptz for values with one)";
      case TIMESTAMPTZ: return "a timestamp with at most six fractional digits";
      case TIME: return "a time (HH:MM:SS[.ffffff]) without a time zone";
      case BOOLEAN: return "a boolean (true/false, t/f, yes/no, y/n, 1/0)";
      case BLOB: return "a blob";
      default: return "a " + c.sql().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The reject reason for a present value that {@link #accepts} refused. */
  static String reason(Column c, String value) {
    return "CAST: value '" + value + "' of column '" + c.name() + "' is not " + expected(c);
  }
}
