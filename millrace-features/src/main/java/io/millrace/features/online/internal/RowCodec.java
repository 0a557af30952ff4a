package io.millrace.features.online.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.features.EntityKey;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary encoding of online rows, shared by every store.
 *
 * <p>Design notes. A row value is {@code [version][event time: 8 bytes, µs][schema id: 4 bytes][values]}:
 * feature names are not repeated in every row but kept once per view under their schema id (a hash of
 * the names, so writers need no coordination to agree on it). Each value is a one-byte tag and a
 * compact body (zig-zag varints for longs, 8 bytes for doubles, length-prefixed UTF-8 for strings).
 * An entity key is encoded the same way, values only; integral numbers of any width become the same
 * long and decimals lose trailing zeros, so {@code 7}, {@code 7L} and {@code 7.0m} find the same row.
 */
public final class RowCodec {
  static final byte VERSION = 1;
  static final byte NULL = 0;
  static final byte LONG = 1;
  static final byte DOUBLE = 2;
  static final byte DECIMAL = 3;
  static final byte STRING = 4;
  static final byte TRUE = 5;
  static final byte FALSE = 6;
  static final byte TIMESTAMP = 7;
  static final byte DATE = 8;
  /** Bytes before the values: version, event time, schema id. */
  public static final int HEADER = 1 + 8 + 4;

  private RowCodec() {}

  /** The key of an entity in a view: the view's prefix, then the key values. */
  public static byte[] key(byte[] prefix, EntityKey key, String view) {
    Bytes out = new Bytes(prefix.length + 16);
    out.put(prefix);
    for (Object v : key.values()) {
      if (v == null) {
        throw MillraceException.user("Cannot write to the online store: view '%s' got an entity key with a NULL value %s",
            view, key.values());
      }
      value(out, v, view, "entity key");
    }
    return out.toArray();
  }

  /** The prefix of every key of a view: its name's length and UTF-8 bytes. */
  public static byte[] prefix(String view) {
    byte[] name = view.getBytes(StandardCharsets.UTF_8);
    Bytes out = new Bytes(name.length + 2);
    out.varint(name.length);
    out.put(name);
    return out.toArray();
  }

  /** A schema id: a stable hash of the feature names in order. */
  public static int schemaId(List<String> names) {
    int h = 0x811c9dc5;
    for (String n : names) {
      for (byte b : n.getBytes(StandardCharsets.UTF_8)) {
        h = (h ^ (b & 0xff)) * 0x01000193;
      }
      h = (h ^ 0xff) * 0x01000193; // a separator no UTF-8 byte of a name equals
    }
    return h;
  }

  public static byte[] row(long eventMicros, int schemaId, List<Object> values, List<String> names, String view) {
    Bytes out = new Bytes(HEADER + values.size() * 9);
    out.put(VERSION);
    out.fixed64(eventMicros);
    out.fixed32(schemaId);
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      if (v == null) {
        out.put(NULL);
      } else {
        value(out, v, view, "feature '" + names.get(i) + "'");
      }
    }
    return out.toArray();
  }

  /** The event time (µs since the epoch) of an encoded row. */
  public static long eventMicros(byte[] row) {
    check(row);
    long v = 0;
    for (int i = 1; i < 9; i++) {
      v = (v << 8) | (row[i] & 0xff);
    }
    return v;
  }

  public static int schemaId(byte[] row) {
    check(row);
    return ((row[9] & 0xff) << 24) | ((row[10] & 0xff) << 16) | ((row[11] & 0xff) << 8) | (row[12] & 0xff);
  }

  /** The values of an encoded row, in schema order. */
  public static List<Object> values(byte[] row, int count) {
    check(row);
    Bytes.Reader in = new Bytes.Reader(row, HEADER);
    List<Object> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(read(in));
    }
    return out;
  }

  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  public static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  /** Names encoded for the schema entry of a view. */
  public static byte[] names(List<String> names) {
    Bytes out = new Bytes(names.size() * 8 + 2);
    out.varint(names.size());
    for (String n : names) {
      byte[] b = n.getBytes(StandardCharsets.UTF_8);
      out.varint(b.length);
      out.put(b);
    }
    return out.toArray();
  }

  public static List<String> names(byte[] bytes) {
    Bytes.Reader in = new Bytes.Reader(bytes, 0);
    int n = (int) in.varint();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(in.utf8((int) in.varint()));
    }
    return List.copyOf(out);
  }

  private static void check(byte[] row) {
    if (row.length < HEADER || row[0] != VERSION) {
      throw MillraceException.internal(null, "Cannot read an online row: unknown encoding (version %d, %d bytes); "
          + "re-materialize the view", row.length == 0 ? -1 : row[0], row.length);
    }
  }

  private static void value(Bytes out, Object v, String view, String what) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      out.put(LONG);
      out.zigzag(((Number) v).longValue());
    } else if (v instanceof BigInteger b) {
      decimal(out, new BigDecimal(b));
    } else if (v instanceof Double || v instanceof Float) {
      out.put(DOUBLE);
      out.fixed64(Double.doubleToLongBits(((Number) v).doubleValue()));
    } else if (v instanceof BigDecimal d) {
      decimal(out, d);
    } else if (v instanceof String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.put(STRING);
      out.varint(b.length);
      out.put(b);
    } else if (v instanceof Boolean b) {
      out.put(b ? TRUE : FALSE);
    } else if (v instanceof Instant t) {
      out.put(TIMESTAMP);
      out.zigzag(micros(t));
    } else if (v instanceof LocalDateTime t) {
      out.put(TIMESTAMP);
      out.zigzag(micros(t.toInstant(ZoneOffset.UTC)));
    } else if (v instanceof OffsetDateTime t) {
      out.put(TIMESTAMP);
      out.zigzag(micros(t.toInstant()));
    } else if (v instanceof ZonedDateTime t) {
      out.put(TIMESTAMP);
      out.zigzag(micros(t.toInstant()));
    } else if (v instanceof java.sql.Timestamp t) {
      out.put(TIMESTAMP);
      out.zigzag(micros(t.toInstant()));
    } else if (v instanceof LocalDate d) {
      out.put(DATE);
      out.zigzag(d.toEpochDay());
    } else {
      throw MillraceException.user("Cannot write %s of view '%s' to the online store: values of type %s are not "
          + "supported (numbers, decimals, strings, booleans, timestamps and dates are)", what, view,
          v.getClass().getSimpleName());
    }
  }

  private static void decimal(Bytes out, BigDecimal d) {
    BigDecimal n = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    byte[] unscaled = n.unscaledValue().toByteArray();
    out.put(DECIMAL);
    out.zigzag(n.scale());
    out.varint(unscaled.length);
    out.put(unscaled);
  }

  private static Object read(Bytes.Reader in) {
    byte tag = in.get();
    return switch (tag) {
      case NULL -> null;
      case LONG -> in.zigzag();
      case DOUBLE -> Double.longBitsToDouble(in.fixed64());
      case DECIMAL -> {
        int scale = (int) in.zigzag();
        yield new BigDecimal(new BigInteger(in.bytes((int) in.varint())), scale);
      }
      case STRING -> in.utf8((int) in.varint());
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case TIMESTAMP -> instant(in.zigzag());
      case DATE -> LocalDate.ofEpochDay(in.zigzag());
      default -> throw MillraceException.internal(null, "Cannot read an online row: unknown value tag %d", tag);
    };
  }
}
