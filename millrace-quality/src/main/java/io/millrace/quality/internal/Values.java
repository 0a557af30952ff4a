package io.millrace.quality.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Map;

/** Conversions of engine values into JSON-friendly values, and comparisons between them. */
public final class Values {
  private Values() {}

  /** Engine value to a JSON-friendly one: Long/Double/String/Boolean/List/Map, temporals as ISO text. */
  public static Object json(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long
        || v instanceof Double) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof BigInteger b) {
      return b.bitLength() < 63 ? (Object) b.longValue() : b.doubleValue();
    }
    if (v instanceof BigDecimal b) {
      return b.doubleValue();
    }
    if (v instanceof TemporalAccessor t) {
      return t.toString();
    }
    if (v instanceof java.sql.Timestamp ts) {
      return ts.toLocalDateTime().toString();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    if (v instanceof List<?> l) {
      return l.stream().map(Values::json).toList();
    }
    if (v instanceof java.sql.Array a) {
      try {
        return json(java.util.Arrays.asList((Object[]) a.getArray()));
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException("Cannot read array value: " + e.getMessage(), e);
      }
    }
    if (v instanceof Map<?, ?> m) {
      java.util.LinkedHashMap<String, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), json(x)));
      return out;
    }
    return v.toString();
  }

  /** A number from an engine value, or null. */
  public static Double number(Object v) {
    return v instanceof Number n ? n.doubleValue() : null;
  }

  /**
   * Compares an observed value with a bound from kwargs: numerically when both are numbers (or the
   * bound is numeric text), as timestamps when the observed value is temporal, else as text.
   *
   * @throws BindError when the bound cannot be compared with the value
   */
  public static int compare(Object observed, Object bound, String boundName) {
    Object o = observed;
    if (o instanceof Number n) {
      Double b = bound instanceof Number bn ? bn.doubleValue() : parseDouble(bound);
      if (b == null) {
        throw new BindError(boundName + " '" + bound + "' is not a number: invalid datetime format or "
            + "non-numeric value for a numeric column");
      }
      return Double.compare(n.doubleValue(), b);
    }
    if (o instanceof TemporalAccessor || o instanceof java.util.Date) {
      LocalDateTime ov = toDateTime(o);
      LocalDateTime bv = toDateTime(bound);
      if (bv == null) {
        throw new BindError(boundName + " '" + bound + "' is not a date or timestamp");
      }
      return ov.compareTo(bv);
    }
    if (o instanceof Boolean ob) {
      Double b = bound instanceof Number bn ? bn.doubleValue() : parseDouble(bound);
      if (b == null) {
        throw new BindError(boundName + " '" + bound + "' is not comparable with a boolean");
      }
      return Double.compare(ob ? 1 : 0, b);
    }
    return String.valueOf(o).compareTo(String.valueOf(bound));
  }

  private static Double parseDouble(Object v) {
    if (v == null) {
      return null;
    }
    try {
      return Double.parseDouble(v.toString().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A timestamp from an engine value or ISO-ish text; null when it is neither. */
  public static LocalDateTime toDateTime(Object v) {
    if (v instanceof LocalDateTime l) {
      return l;
    }
    if (v instanceof LocalDate d) {
      return d.atStartOfDay();
    }
    if (v instanceof OffsetDateTime o) {
      return o.toLocalDateTime();
    }
    if (v instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime();
    }
    if (v instanceof String s) {
      String t = s.trim().replace(' ', 'T');
      try {
        return LocalDateTime.parse(t);
      } catch (DateTimeParseException e) {
        try {
          return LocalDate.parse(t, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay();
        } catch (DateTimeParseException e2) {
          return null;
        }
      }
    }
    return null;
  }

  /** A canonical text for equality of values across types (1 == 1.0, 'T' == ' ' in timestamps). */
  public static String canonical(Object v) {
    Object j = json(v);
    if (j == null) {
      return "null";
    }
    if (j instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
    if (j instanceof String s) {
      LocalDateTime t = s.length() >= 10 && Character.isDigit(s.charAt(0)) ? toDateTime(s) : null;
      return t != null ? t.toString() : s;
    }
    return String.valueOf(j);
  }
}
