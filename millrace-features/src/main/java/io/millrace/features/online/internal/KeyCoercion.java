package io.millrace.features.online.internal;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Converts an entity value of a request (a JSON number, string or boolean) to the Java value the
 * key column's type has in the online store; only lossless conversions ({@code "42"} or {@code 42.0}
 * for a BIGINT key, {@code 7} for a VARCHAR key), anything else a USER error naming column and value.
 */
public final class KeyCoercion {
  private KeyCoercion() {}

  /**
   * @param type the key column's type, or null when unknown (integral numbers become longs, the rest stays)
   * @return the coerced value; null stays null
   */
  public static Object coerce(Object v, LogicalType type, String column) {
    if (v == null) {
      return null;
    }
    if (type == null) {
      return integral(v) != null ? integral(v) : v;
    }
    Object out = switch (type) {
      case INTEGER, BIGINT -> v instanceof String s ? parseLong(s) : integral(v);
      case DOUBLE -> v instanceof Number n ? (Object) n.doubleValue() : v instanceof String s ? parseDouble(s) : null;
      case DECIMAL -> v instanceof Number n ? decimal(n) : v instanceof String s ? parseDecimal(s) : null;
      case VARCHAR -> v instanceof String ? v : integral(v) != null ? integral(v).toString() : null;
      case BOOLEAN -> v instanceof Boolean ? v : v instanceof String s ? bool(s) : null;
      case DATE -> v instanceof String s ? date(s) : v instanceof LocalDate ? v : null;
      case TIMESTAMP, TIMESTAMPTZ -> v instanceof String s ? time(s) : v instanceof Instant ? v : null;
      default -> null;
    };
    if (out == null) {
      throw MillraceException.user("Cannot look up entity column '%s': value %s (%s) is not a %s", column, show(v),
          kind(v), type.name().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static Long integral(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
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
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 0x1p53 ? (long) d : null;
    }
    return null;
  }

  private static Long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Double parseDouble(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static BigDecimal parseDecimal(String s) {
    try {
      return new BigDecimal(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    Long l = integral(n);
    return l != null ? BigDecimal.valueOf(l) : new BigDecimal(n.toString());
  }

  private static Boolean bool(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    return t.equals("true") ? Boolean.TRUE : t.equals("false") ? Boolean.FALSE : null;
  }

  private static LocalDate date(String s) {
    try {
      return LocalDate.parse(s.trim());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Instant time(String s) {
    String t = s.trim();
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static String show(Object v) {
    return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
  }

  private static String kind(Object v) {
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v instanceof Number) {
      return "a number";
    }
    return "a " + v.getClass().getSimpleName();
  }
}
