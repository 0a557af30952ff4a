package io.millrace.quality.internal.rowexpr;

import io.millrace.api.LogicalType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** DuckDB's casts between the supported types, as far as they are defined on these types. */
final class Casts {
  private Casts() {}

  /** Thrown where DuckDB's CAST fails (TRY_CAST gives NULL instead). */
  static final class CastFailure extends RuntimeException {
    CastFailure(String message) {
      super(message);
    }
  }

  /** Whether {@code CAST(from AS to)} is defined (values may still fail to convert). */
  static boolean castable(LogicalType from, LogicalType to) {
    if (from == null || from == to || to == LogicalType.VARCHAR || from == LogicalType.VARCHAR) {
      return to != LogicalType.BLOB && from != LogicalType.BLOB || from == to;
    }
    boolean num = numeric(from) && numeric(to);
    boolean bool = from == LogicalType.BOOLEAN && numeric(to) || to == LogicalType.BOOLEAN && numeric(from);
    boolean temporal = temporal(from) && temporal(to);
    return num || bool || temporal;
  }

  static boolean numeric(LogicalType t) {
    return t == LogicalType.INTEGER || t == LogicalType.BIGINT || t == LogicalType.DOUBLE || t == LogicalType.DECIMAL;
  }

  static boolean temporal(LogicalType t) {
    return t == LogicalType.DATE || t == LogicalType.TIMESTAMP || t == LogicalType.TIMESTAMPTZ;
  }

  static Object cast(Object v, LogicalType to) {
    if (v == null) {
      return null;
    }
    return switch (to) {
      case VARCHAR -> SqlValues.text(v);
      case BOOLEAN -> toBoolean(v);
      case INTEGER -> {
        long l = toLong(v, "INTEGER");
        if (l != (int) l) {
          throw new CastFailure("Could not convert " + SqlValues.text(v) + " to INTEGER: out of range");
        }
        yield (int) l;
      }
      case BIGINT -> toLong(v, "BIGINT");
      case DOUBLE -> toDouble(v);
      case DECIMAL -> toDecimal(v);
      case DATE -> toDate(v);
      case TIMESTAMP -> toTimestamp(v);
      case TIMESTAMPTZ -> toInstant(v);
      case TIME -> v instanceof LocalTime ? v : v instanceof LocalDateTime d ? d.toLocalTime()
          : LocalTime.parse(((String) v).trim());
      case BLOB -> v;
    };
  }

  private static Boolean toBoolean(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    String s = ((String) v).toLowerCase(Locale.ROOT);
    return switch (s) {
      case "true", "t", "yes", "y", "1" -> true;
      case "false", "f", "no", "n", "0" -> false;
      default -> throw new CastFailure("Could not convert string '" + v + "' to BOOL");
    };
  }

  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d[\\d_]*)?(\\.\\d*)?([eE][+-]?\\d+)?");
  private static final Pattern HEX = Pattern.compile("([+-]?)0[xX]([0-9a-fA-F]+)");

  private static long toLong(Object v, String type) {
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigDecimal d) {
      try {   // DuckDB rounds a decimal half away from zero
        return d.setScale(0, RoundingMode.HALF_UP).longValueExact();
      } catch (ArithmeticException e) {
        throw new CastFailure("Could not convert " + SqlValues.text(d) + " to " + type + ": out of range");
      }
    }
    if (v instanceof Double d) {
      // DuckDB rounds a double to the nearest integer, ties to even
      double r = Math.rint(d);
      if (Double.isNaN(r) || r >= 0x1p63 || r < -0x1p63) {
        throw new CastFailure("Could not convert " + SqlValues.text(d) + " to " + type + ": out of range");
      }
      return (long) r;
    }
    String s = ((String) v).trim();
    Matcher hex = HEX.matcher(s);
    try {
      if (hex.matches()) {
        long l = Long.parseLong(hex.group(2), 16);
        return hex.group(1).equals("-") ? -l : l;
      }
      if (DECIMAL.matcher(s).matches() && s.chars().anyMatch(Character::isDigit) && !s.endsWith("_")) {
        // text rounds half away from zero ('2.5' gives 3), unlike a double
        return new BigDecimal(s.replace("_", "")).setScale(0, RoundingMode.HALF_UP).longValueExact();
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // out of range: fall through
    }
    throw new CastFailure("Could not convert string '" + v + "' to " + type);
  }

  /** An exact decimal: numbers as they are (a double by its shortest text), text as written. */
  static BigDecimal toDecimal(Object v) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    if (v instanceof Boolean b) {
      return b ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new CastFailure("Could not convert " + SqlValues.text(d) + " to DECIMAL");
      }
      return BigDecimal.valueOf(d);
    }
    String s = v.toString().trim();
    if (!FLOAT.matcher(s).matches()) {
      throw new CastFailure("Could not convert string '" + v + "' to DECIMAL");
    }
    return new BigDecimal(s);
  }

  private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private static double toDouble(Object v) {
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    String s = ((String) v).trim();
    if (FLOAT.matcher(s).matches()) {
      return Double.parseDouble(s);
    }
    String l = s.toLowerCase(Locale.ROOT);
    String unsigned = l.startsWith("-") || l.startsWith("+") ? l.substring(1) : l;
    if (unsigned.equals("inf") || unsigned.equals("infinity")) {
      return l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (unsigned.equals("nan")) {
      return Double.NaN;
    }
    throw new CastFailure("Could not convert string '" + v + "' to DOUBLE");
  }

  // DuckDB's date text: year, month, day with one separator of - / . or space
  private static final Pattern DATE = Pattern.compile("(-?\\d{1,9})([-/. ])(\\d{1,2})\\2(\\d{1,2})");
  private static final Pattern TIME = Pattern.compile(
      "(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,9}))?)?");
  private static final Pattern OFFSET = Pattern.compile("(?:([+-])(\\d{1,2})(?::?(\\d{2}))?|Z|UTC)?");

  private record Parsed(LocalDateTime local, Integer offsetSeconds) {}

  private static Parsed parse(String text, boolean dateOnlyAllowed) {
    String s = text.trim();
    Matcher d = DATE.matcher(s);
    if (!d.lookingAt()) {
      return null;
    }
    LocalDate date;
    try {
      date = LocalDate.of(Integer.parseInt(d.group(1)), Integer.parseInt(d.group(3)), Integer.parseInt(d.group(4)));
    } catch (RuntimeException e) {
      return null;
    }
    String rest = s.substring(d.end());
    if (rest.isEmpty()) {
      return dateOnlyAllowed ? new Parsed(date.atStartOfDay(), null) : null;
    }
    if (rest.charAt(0) != ' ' && rest.charAt(0) != 'T') {
      return null;
    }
    rest = rest.substring(1).trim();
    Matcher t = TIME.matcher(rest);
    if (!t.lookingAt()) {
      return null;
    }
    int h = Integer.parseInt(t.group(1));
    int m = Integer.parseInt(t.group(2));
    int sec = t.group(3) == null ? 0 : Integer.parseInt(t.group(3));
    String frac = t.group(4) == null ? "" : t.group(4);
    int micros = frac.isEmpty() ? 0 : Integer.parseInt((frac + "000000").substring(0, 6));
    if (h > 23 || m > 59 || sec > 59) {
      return null;
    }
    Matcher o = OFFSET.matcher(rest.substring(t.end()).trim());
    if (!o.matches()) {
      return null;
    }
    Integer off = null;
    if (o.group(1) != null) {
      int oh = Integer.parseInt(o.group(2));
      int om = o.group(3) == null ? 0 : Integer.parseInt(o.group(3));
      off = (o.group(1).equals("-") ? -1 : 1) * (oh * 3600 + om * 60);
    } else if (!o.group().isEmpty()) {
      off = 0;
    }
    return new Parsed(date.atTime(h, m, sec, micros * 1000), off);
  }

  private static LocalDate toDate(Object v) {
    if (v instanceof LocalDate d) {
      return d;
    }
    if (v instanceof LocalDateTime t) {
      return t.toLocalDate();
    }
    if (v instanceof Instant i) {
      return LocalDateTime.ofInstant(i, ZoneOffset.UTC).toLocalDate();
    }
    Parsed p = v instanceof String s ? parse(s, true) : null;
    if (p == null) {
      throw new CastFailure("Could not convert string '" + v + "' to DATE");
    }
    return p.local().toLocalDate();
  }

  private static LocalDateTime toTimestamp(Object v) {
    if (v instanceof LocalDate d) {
      return d.atStartOfDay();
    }
    if (v instanceof LocalDateTime t) {
      return t;
    }
    if (v instanceof Instant i) {
      return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }
    Parsed p = v instanceof String s ? parse(s, true) : null;
    if (p == null) {
      throw new CastFailure("Could not convert string '" + v + "' to TIMESTAMP");
    }
    return p.local(); // DuckDB's plain TIMESTAMP ignores a written offset
  }

  private static Instant toInstant(Object v) {
    if (v instanceof Instant i) {
      return i;
    }
    if (v instanceof LocalDate || v instanceof LocalDateTime) {
      return SqlValues.toDateTime(v).toInstant(ZoneOffset.UTC);
    }
    Parsed p = v instanceof String s ? parse(s, true) : null;
    if (p == null) {
      throw new CastFailure("Could not convert string '" + v + "' to TIMESTAMP WITH TIME ZONE");
    }
    int off = p.offsetSeconds() == null ? 0 : p.offsetSeconds();
    return p.local().toInstant(ZoneOffset.ofTotalSeconds(off));
  }

  /** The SQL literal of a constant of type {@code t}. */
  static String literal(Object v, LogicalType t) {
    if (v == null) {
      return t == null ? "NULL" : "CAST(NULL AS " + t.sql() + ")";
    }
    return switch (t) {
      case BOOLEAN -> ((Boolean) v) ? "TRUE" : "FALSE";
      case INTEGER -> v.toString();
      case BIGINT -> "CAST(" + v + " AS BIGINT)";
      case DOUBLE -> "CAST(" + io.millrace.quality.internal.Sql.str(repr((Double) v)) + " AS DOUBLE)";
      // The engine reads a plain number with a point as an exact DECIMAL literal, as the evaluator does.
      case DECIMAL -> "(" + ((BigDecimal) v).toPlainString() + ")";
      case VARCHAR -> io.millrace.quality.internal.Sql.str((String) v);
      case DATE -> "DATE '" + v + "'";
      case TIMESTAMP -> "TIMESTAMP '" + SqlValues.timestampText((LocalDateTime) v) + "'";
      case TIMESTAMPTZ -> "TIMESTAMPTZ '" + SqlValues.text(v) + "'";
      case TIME -> "TIME '" + v + "'";
      case BLOB -> throw new IllegalArgumentException("no BLOB literals");
    };
  }

  /** Exact text of a double that parses back to it (Java's form; DuckDB reads it too). */
  private static String repr(double d) {
    return Double.isNaN(d) ? "nan" : Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf") : Double.toString(d);
  }
}
