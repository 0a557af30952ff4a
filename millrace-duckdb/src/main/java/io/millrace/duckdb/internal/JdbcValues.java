package io.millrace.duckdb.internal;

import io.millrace.api.Column;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.regex.Pattern;

/**
 * Reads one value of a JDBC result as a column's type, exactly or not at all: a value the column's
 * type cannot hold (an integer column holding 1.5 or 2^40 in SQLite, a NUMERIC beyond a double's
 * range, text where a number belongs, a decimal with more digits than its DECIMAL(p,s)) yields {@link Inexact} naming it instead of a truncated value.
 */
final class JdbcValues {
  private static final Pattern WHOLE = Pattern.compile("\\s*[+-]?\\d+\\s*");

  /** A value the column's type cannot hold exactly. */
  static final class Inexact extends Exception {
    final String column;

    Inexact(Column c, Object value) {
      super(StrictCast.reason(c, String.valueOf(value)), null, false, false);
      this.column = c.name();
    }
  }

  private JdbcValues() {}

  /** The value of column {@code i} as {@code c}'s type (Java types the Appender takes), or null. */
  static Object read(ResultSet rs, int i, Column c) throws SQLException, Inexact {
    switch (c.type()) {
      case INTEGER: {
        Long v = whole(rs.getObject(i), c);
        if (v != null && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
          throw new Inexact(c, v);
        }
        return v == null ? null : v.intValue();
      }
      case BIGINT: return whole(rs.getObject(i), c);
      case DOUBLE: return real(rs.getObject(i), c);
      case DECIMAL: return decimal(rs.getObject(i), c);
      case BOOLEAN: return bool(rs.getObject(i), c);
      case DATE: { Date d = get(rs, i, c, () -> rs.getDate(i)); return d == null ? null : d.toLocalDate(); }
      case TIMESTAMP: {
        Timestamp t = get(rs, i, c, () -> rs.getTimestamp(i));
        return t == null ? null : t.toLocalDateTime();
      }
      case TIMESTAMPTZ: return get(rs, i, c, () -> rs.getObject(i, OffsetDateTime.class));
      case TIME: { Time t = get(rs, i, c, () -> rs.getTime(i)); return t == null ? null : t.toLocalTime(); }
      case BLOB: return rs.getBytes(i);
      default: return rs.getString(i);
    }
  }

  private static Long whole(Object v, Column c) throws Inexact {
    if (v == null) {
      return null;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    try {
      if (v instanceof BigInteger b) {
        return b.longValueExact();
      }
      if (v instanceof BigDecimal b) {
        return b.longValueExact();
      }
      if (v instanceof Double || v instanceof Float) {
        return new BigDecimal(((Number) v).doubleValue()).longValueExact();
      }
      if (v instanceof Boolean) {
        throw new Inexact(c, v);
      }
      if (WHOLE.matcher(v.toString()).matches()) {
        return new BigDecimal(v.toString().strip()).longValueExact();
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new Inexact(c, v);
    }
    throw new Inexact(c, v);
  }

  /**
   * The value as a BigDecimal of the column's scale, when that needs no rounding and it fits the
   * precision; a SQLite REAL counts as the shortest decimal that reads back as the same double.
   */
  static BigDecimal decimal(Object v, Column c) throws Inexact {
    if (v == null) {
      return null;
    }
    BigDecimal b;
    try {
      if (v instanceof BigDecimal d) {
        b = d;
      } else if (v instanceof BigInteger d) {
        b = new BigDecimal(d);
      } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
        b = BigDecimal.valueOf(((Number) v).longValue());
      } else if (v instanceof Double || v instanceof Float) {
        b = BigDecimal.valueOf(((Number) v).doubleValue());   // NumberFormatException for inf/NaN
      } else if (v instanceof Boolean) {
        throw new Inexact(c, v);
      } else {
        b = new BigDecimal(v.toString().strip());
      }
      b = b.setScale(c.scale(), java.math.RoundingMode.UNNECESSARY);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new Inexact(c, v);
    }
    if (b.precision() - b.scale() > c.precision() - c.scale() && b.signum() != 0) {
      throw new Inexact(c, v);
    }
    return b;
  }

  private static Double real(Object v, Column c) throws Inexact {
    if (v == null) {
      return null;
    }
    double d;
    try {
      d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().strip());
    } catch (NumberFormatException e) {
      throw new Inexact(c, v);
    }
    boolean infiniteSource = (v instanceof Double || v instanceof Float) && Double.isInfinite(d);
    if (Double.isInfinite(d) && !infiniteSource) {
      throw new Inexact(c, v);
    }
    return d;
  }

  private static Boolean bool(Object v, Column c) throws Inexact {
    if (v == null || v instanceof Boolean) {
      return (Boolean) v;
    }
    String s = v.toString().strip();
    if ("1".equals(s) || "0".equals(s)) {
      return "1".equals(s);
    }
    throw new Inexact(c, v);
  }

  /** A getter the driver may refuse (SQLite text that is no date): that value is inexact. */
  private static <T> T get(ResultSet rs, int i, Column c, Getter<T> getter) throws SQLException, Inexact {
    try {
      return getter.get();
    } catch (SQLException | RuntimeException e) {
      if (e instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
        throw s;   // connection failures stay external
      }
      throw new Inexact(c, rs.getString(i));
    }
  }

  @FunctionalInterface
  private interface Getter<T> {
    T get() throws SQLException;
  }
}
