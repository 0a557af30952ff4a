package io.millrace.api;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named, typed column. Names are case-sensitive as written by the user. {@code precision} and
 * {@code scale} describe a {@link LogicalType#DECIMAL} column (1 ≤ precision ≤ 38, 0 ≤ scale ≤
 * precision) and are 0 for every other type.
 */
public record Column(String name, LogicalType type, int precision, int scale) {
  /** DuckDB's and SQL's default for a bare {@code decimal}: DECIMAL(18,3). */
  public static final int DEFAULT_PRECISION = 18;
  public static final int DEFAULT_SCALE = 3;
  public static final int MAX_PRECISION = 38;

  private static final Pattern DECIMAL =
      Pattern.compile("\\s*(?:decimal|numeric)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?\\s*",
          Pattern.CASE_INSENSITIVE);

  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isBlank()) {
      throw MillraceException.user("Cannot declare a column with a blank name");
    }
    if (type == LogicalType.DECIMAL) {
      if (precision < 1 || precision > MAX_PRECISION || scale < 0 || scale > precision) {
        throw MillraceException.user("Cannot declare column '%s' as DECIMAL(%d,%d): precision must be "
            + "1 to 38 and scale 0 to the precision", name, precision, scale);
      }
    } else if (precision != 0 || scale != 0) {
      throw MillraceException.user("Cannot declare column '%s' as %s with precision %d and scale %d: "
          + "only DECIMAL has them", name, type.sql(), precision, scale);
    }
  }

  /** A column of a type without precision; a DECIMAL one is DECIMAL(18,3) (see {@link #decimal}). */
  public Column(String name, LogicalType type) {
    this(name, type, type == LogicalType.DECIMAL ? DEFAULT_PRECISION : 0,
        type == LogicalType.DECIMAL ? DEFAULT_SCALE : 0);
  }

  /** A DECIMAL(precision, scale) column. */
  public static Column decimal(String name, int precision, int scale) {
    return new Column(name, LogicalType.DECIMAL, precision, scale);
  }

  /**
   * A column from a type as written in {@code millrace.yaml}: any name {@link LogicalType#parse}
   * accepts, or {@code decimal(p,s)} / {@code decimal(p)} / bare {@code decimal} (DECIMAL(18,3)).
   *
   * @throws MillraceException USER when the type is unknown or its precision/scale is out of range
   */
  public static Column parse(String name, String typeText) {
    Matcher m = DECIMAL.matcher(typeText);
    if (m.matches()) {
      if (m.group(1) == null) {
        return decimal(name, DEFAULT_PRECISION, DEFAULT_SCALE);
      }
      int p = bounded(name, m.group(1));
      int s = m.group(2) == null ? 0 : bounded(name, m.group(2));
      return decimal(name, p, s);
    }
    return new Column(name, LogicalType.parse(typeText));
  }

  private static int bounded(String name, String digits) {
    if (digits.length() > 3) {
      throw MillraceException.user("Cannot declare column '%s' as DECIMAL with precision or scale %s: "
          + "precision must be 1 to 38", name, digits);
    }
    return Integer.parseInt(digits);
  }

  /** The same column under another name. */
  public Column withName(String newName) {
    return new Column(newName, type, precision, scale);
  }

  /** The SQL type engines use in casts and DDL, e.g. {@code DECIMAL(20,2)} or {@code BIGINT}. */
  public String sql() {
    return type == LogicalType.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : type.sql();
  }

  /** The type as users write it, for messages: {@code decimal(20,2)}, {@code bigint}. */
  public String typeName() {
    return sql().toLowerCase(Locale.ROOT);
  }
}
