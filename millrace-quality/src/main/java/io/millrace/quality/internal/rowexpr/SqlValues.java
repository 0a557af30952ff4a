package io.millrace.quality.internal.rowexpr;

import io.millrace.api.LogicalType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Canonical Java values of SQL types, DuckDB's ordering of them, and its text form of each. The
 * engine session runs in UTC (DuckDB's default here), so a TIMESTAMPTZ's fields are read in UTC.
 */
public final class SqlValues {
  private SqlValues() {}

  /**
   * The canonical value of {@code v} for a column of type {@code t}, or null when {@code v} cannot
   * represent a value of that type exactly.
   */
  static Object canonical(Object v, LogicalType t) {
    return switch (t) {
      case BOOLEAN -> v instanceof Boolean ? v : null;
      case INTEGER -> {
        Long l = exactLong(v);
        yield l != null && l == l.intValue() ? Integer.valueOf(l.intValue()) : null;
      }
      case BIGINT -> exactLong(v);
      case DOUBLE -> v instanceof Number n ? Double.valueOf(n.doubleValue()) : null;
      case DECIMAL -> v instanceof BigDecimal d ? d
          : v instanceof Double d ? (d.isNaN() || d.isInfinite() ? null : BigDecimal.valueOf(d))
          : v instanceof Float f ? (f.isNaN() || f.isInfinite() ? null : new BigDecimal(f.toString()))
          : exactLong(v) != null ? BigDecimal.valueOf(exactLong(v)) : null;
      case VARCHAR -> v instanceof CharSequence s ? s.toString() : null;
      case DATE -> v instanceof TemporalAccessor a && a.isSupported(ChronoField.EPOCH_DAY)
          && !a.isSupported(ChronoField.NANO_OF_DAY) ? LocalDate.from(a) : null;
      case TIMESTAMP -> v instanceof LocalDateTime d ? d
          : v instanceof java.sql.Timestamp ts ? ts.toLocalDateTime()
          : v instanceof LocalDate d ? d.atStartOfDay() : null;
      case TIMESTAMPTZ -> v instanceof Instant i ? i
          : v instanceof TemporalAccessor a && a.isSupported(ChronoField.INSTANT_SECONDS) ? Instant.from(a) : null;
      case TIME -> v instanceof LocalTime lt ? lt : null;
      case BLOB -> v instanceof byte[] ? v : null;
    };
  }

  private static Long exactLong(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b) {
      return b.bitLength() < 64 ? b.longValue() : null;
    }
    if (v instanceof BigDecimal d) {
      try {
        return d.longValueExact();
      } catch (ArithmeticException e) {
        return null;
      }
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (long) d : null;
    }
    return null;
  }

  /** Compares two non-null values of comparable types (numbers, text by code point, temporals). */
  static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      if (x instanceof Double || y instanceof Double) {
        double p = x.doubleValue();
        double q = y.doubleValue();
        return p == q ? 0 : Double.compare(p, q); // -0.0 equals 0.0; NaN is largest and equals itself
      }
      if (x instanceof BigDecimal || y instanceof BigDecimal) {
        return Casts.toDecimal(x).compareTo(Casts.toDecimal(y));   // exact, as the engine compares decimals
      }
      return Long.compare(x.longValue(), y.longValue());
    }
    if (a instanceof String x && b instanceof String y) {
      return compareCodePoints(x, y);
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    if (a instanceof LocalDate x && b instanceof LocalDate y) {
      return x.compareTo(y);
    }
    if (a instanceof Instant || b instanceof Instant) {
      return toInstant(a).compareTo(toInstant(b));
    }
    if (a instanceof LocalTime x && b instanceof LocalTime y) {
      return x.compareTo(y);
    }
    return toDateTime(a).compareTo(toDateTime(b));
  }

  /** DuckDB compares text by UTF-8 bytes, which is code point order (not UTF-16 unit order). */
  static int compareCodePoints(String x, String y) {
    int i = 0;
    int j = 0;
    while (i < x.length() && j < y.length()) {
      int a = x.codePointAt(i);
      int b = y.codePointAt(j);
      if (a != b) {
        return Integer.compare(a, b);
      }
      i += Character.charCount(a);
      j += Character.charCount(b);
    }
    return Integer.compare(x.length() - i, y.length() - j);
  }

  static Instant toInstant(Object v) {
    return v instanceof Instant i ? i : toDateTime(v).toInstant(ZoneOffset.UTC);
  }

  static LocalDateTime toDateTime(Object v) {
    if (v instanceof LocalDate d) {
      return d.atStartOfDay();
    }
    if (v instanceof LocalDateTime d) {
      return d;
    }
    throw new IllegalArgumentException("not a timestamp: " + v);
  }

  /** DuckDB's text form of a value (what {@code CAST(v AS VARCHAR)} gives). */
  static String text(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Double d) {
      return doubleText(d);
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof LocalDateTime t) {
      return timestampText(t);
    }
    if (v instanceof Instant i) {
      return timestampText(LocalDateTime.ofInstant(i, ZoneOffset.UTC)) + "+00";
    }
    return String.valueOf(v); // Boolean, Integer, Long, LocalDate, LocalTime
  }

  static String timestampText(LocalDateTime t) {
    String s = t.toLocalDate() + " " + two(t.getHour()) + ":" + two(t.getMinute()) + ":" + two(t.getSecond());
    int micros = t.getNano() / 1000;
    if (micros == 0) {
      return s;
    }
    String f = String.format("%06d", micros);
    return s + "." + f.replaceAll("0+$", "");
  }

  private static String two(int n) {
    return n < 10 ? "0" + n : String.valueOf(n);
  }

  /** Shortest round-trip digits in Python's {@code repr} layout, which DuckDB's double-to-text follows. */
  static String doubleText(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    BigDecimal shortest = shortest(d);
    String digits = shortest.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - shortest.scale(); // decimal exponent of the first digit
    String sign = d < 0 ? "-" : "";
    if (exp < -4 || exp >= 16) {
      String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = String.valueOf(Math.abs(exp));
      return sign + mant + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
    String plain = shortest.abs().toPlainString();
    return sign + (plain.contains(".") ? plain : plain + ".0");
  }

  private static BigDecimal shortest(double d) {
    BigDecimal exact = new BigDecimal(d);
    for (int p = 1; p < 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == d) {
        return r.stripTrailingZeros();
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }
}
