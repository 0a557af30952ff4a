package io.millrace.stream.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.temporal.Temporal;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON helpers shared by the topology and the lake sink. */
public final class Json {
  /**
   * Doubles written and read with Jackson's fast algorithms (Schubfach, FastDoubleParser): the
   * shortest text that reads back as the same double, and correctly rounded reading.
   */
  public static final ObjectMapper MAPPER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
      .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .build();

  private Json() {}

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Values Jackson writes as plain JSON: dates and times as ISO text, the rest unchanged. */
  public static Map<String, Object> plain(Map<String, Object> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, v instanceof Temporal || v instanceof java.time.Instant ? v.toString() : v));
    return out;
  }

  /**
   * Writes {@code v} as {@link #plain} and Jackson would (dates and times as ISO text), without an
   * intermediate tree for the common types.
   */
  static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof java.time.LocalDateTime t) {
      g.writeString(Times.iso(t));
    } else if (v instanceof Temporal) {
      g.writeString(v.toString());
    } else {
      g.writeObject(v);
    }
  }

  /** Fields written in order, as {@link #write} writes values. */
  static void writeFields(JsonGenerator g, Map<String, Object> values) throws IOException {
    for (Map.Entry<String, Object> e : values.entrySet()) {
      g.writeFieldName(name(e.getKey()));
      write(g, e.getValue());
    }
  }

  /** Field names encoded once (quoted, escaped UTF-8): a job writes the same few names per event. */
  private static final java.util.concurrent.ConcurrentHashMap<String, com.fasterxml.jackson.core.io.SerializedString> NAMES =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_NAMES = 4096;

  /** The encoded field name (names past {@link #MAX_NAMES} distinct ones are encoded each time). */
  static com.fasterxml.jackson.core.SerializableString name(String name) {
    com.fasterxml.jackson.core.io.SerializedString s = NAMES.get(name);
    if (s == null) {
      s = new com.fasterxml.jackson.core.io.SerializedString(name);
      if (NAMES.size() < MAX_NAMES) {
        NAMES.putIfAbsent(name, s);
      }
    }
    return s;
  }

  /** A reusable buffer to write one JSON document at a time into. Not thread-safe. */
  static final class Writer {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(512);

    JsonGenerator start() {
      buf.reset();
      try {
        return MAPPER.getFactory().createGenerator(buf);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    byte[] finish(JsonGenerator g) {
      try {
        g.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return buf.toByteArray();
    }
  }
}
