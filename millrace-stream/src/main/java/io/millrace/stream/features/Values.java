package io.millrace.stream.features;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Typed values of features, in the Java types that the quality module's row expressions use
 * (BOOLEAN Boolean, INTEGER Integer, BIGINT Long, DOUBLE Double, VARCHAR String, DATE LocalDate,
 * TIMESTAMP LocalDateTime, TIMESTAMPTZ Instant, TIME LocalTime): coercion of event values, ordering
 * as DuckDB orders them, and the compact binary encoding of state.
 */
final class Values {
  private Values() {}

  /**
   * The value as {@code type}'s Java type, or null for null.
   *
   * @throws MillraceException USER naming {@code what} when the value does not represent a
   *     {@code type} exactly
   */
  static Object coerce(Object v, LogicalType type, String what) {
    if (v == null) {
      return null;
    }
    Object c = switch (type) {
      case BOOLEAN -> v instanceof Boolean ? v : null;
      case INTEGER -> asInt(integral(v));
      case BIGINT -> integral(v);
      // Stream fields never are DECIMAL (the reader maps decimal to DOUBLE); kept total for safety.
      case DOUBLE, DECIMAL -> v instanceof Number n ? Double.valueOf(n.doubleValue()) : null;
      case VARCHAR -> v instanceof String ? v : null;
      case DATE -> v instanceof LocalDate ? v : null;
      case TIMESTAMP -> v instanceof LocalDateTime ? v
          : v instanceof Instant i ? LocalDateTime.ofInstant(i, ZoneOffset.UTC) : null;
      case TIMESTAMPTZ -> v instanceof Instant ? v
          : v instanceof LocalDateTime t ? t.toInstant(ZoneOffset.UTC) : null;
      case TIME -> v instanceof LocalTime ? v : null;
      case BLOB -> v instanceof byte[] ? v : null;
    };
    if (c == null) {
      throw MillraceException.user("Cannot aggregate %s: %s (%s) is not a %s", what, v,
          v.getClass().getSimpleName(), type);
    }
    return c;
  }

  private static Integer asInt(Long l) {
    return l != null && l == l.intValue() ? Integer.valueOf(l.intValue()) : null;
  }

  private static Long integral(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b && b.bitLength() < 64) {
      return b.longValue();
    }
    if (v instanceof BigDecimal d) {
      try {
        return d.longValueExact();
      } catch (ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  /** Orders two non-null values of one type as DuckDB does (text by code point, i.e. UTF-8 bytes). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) {
    if (a instanceof String s && b instanceof String t) {
      return compareCodePoints(s, t);
    }
    if (a instanceof Double x && b instanceof Double y) {
      // DuckDB: NaN is greater than every number and -0.0 equals 0.0
      return x.doubleValue() == y.doubleValue() ? 0 : Double.compare(x, y);
    }
    return ((Comparable) a).compareTo(b);
  }

  private static int compareCodePoints(String s, String t) {
    int i = 0;
    int j = 0;
    while (i < s.length() && j < t.length()) {
      int c = s.codePointAt(i);
      int d = t.codePointAt(j);
      if (c != d) {
        return Integer.compare(c, d);
      }
      i += Character.charCount(c);
      j += Character.charCount(d);
    }
    return Boolean.compare(i < s.length(), j < t.length());
  }

  /** The value as kept in a distinct set: -0.0 and 0.0 are one value, as in DuckDB. */
  static Object distinctKey(Object v) {
    return v instanceof Double d && d == 0.0 ? Double.valueOf(0.0) : v;
  }

  static void write(ByteSink out, LogicalType type, Object v) {
    switch (type) {
      case BOOLEAN -> out.u8((Boolean) v ? 1 : 0);
      case INTEGER -> out.varlong((Integer) v);
      case BIGINT -> out.varlong((Long) v);
      case DOUBLE, DECIMAL -> out.f64((Double) v);
      case VARCHAR -> out.str((String) v);
      case DATE -> out.varlong(((LocalDate) v).toEpochDay());
      case TIMESTAMP -> out.varlong(micros(((LocalDateTime) v).toInstant(ZoneOffset.UTC)));
      case TIMESTAMPTZ -> out.varlong(micros((Instant) v));
      case TIME -> out.varlong(((LocalTime) v).toNanoOfDay());
      case BLOB -> {
        byte[] b = (byte[]) v;
        out.uvarint(b.length);
        for (byte x : b) {
          out.u8(x);
        }
      }
    }
  }

  static Object read(ByteSource in, LogicalType type) {
    return switch (type) {
      case BOOLEAN -> in.u8() == 1;
      case INTEGER -> (int) in.varlong();
      case BIGINT -> in.varlong();
      case DOUBLE, DECIMAL -> in.f64();
      case VARCHAR -> in.str();
      case DATE -> LocalDate.ofEpochDay(in.varlong());
      case TIMESTAMP -> LocalDateTime.ofInstant(instant(in.varlong()), ZoneOffset.UTC);
      case TIMESTAMPTZ -> instant(in.varlong());
      case TIME -> LocalTime.ofNanoOfDay(in.varlong());
      case BLOB -> {
        byte[] b = new byte[in.count()];
        for (int i = 0; i < b.length; i++) {
          b[i] = (byte) in.u8();
        }
        yield b;
      }
    };
  }

  static void writeNullable(ByteSink out, LogicalType type, Object v) {
    out.u8(v == null ? 0 : 1);
    if (v != null) {
      write(out, type, v);
    }
  }

  static Object readNullable(ByteSource in, LogicalType type) {
    return in.u8() == 0 ? null : read(in, type);
  }

  /** Microseconds since the epoch (DuckDB's timestamp resolution); sub-microsecond parts dropped. */
  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
