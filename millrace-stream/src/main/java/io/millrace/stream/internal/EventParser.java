package io.millrace.stream.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.LogicalType;
import io.millrace.api.stream.StreamField;
import io.millrace.api.stream.StreamJobSpec;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the bytes of one JSON event into a typed record of the job's fields, or says why it cannot.
 * Values: INTEGER Integer, BIGINT Long, DOUBLE Double, VARCHAR String, BOOLEAN Boolean, DATE
 * LocalDate, TIMESTAMP LocalDateTime (UTC), TIMESTAMPTZ Instant; an absent or JSON null field is null.
 * Thread-safe.
 */
public final class EventParser {
  private static final ObjectMapper JSON = Json.MAPPER;
  private final List<StreamField> fields;
  private final String key;
  private final String eventTime;
  private final DateTimeFormatter timeFormat;
  private final String timeFormatName;

  public EventParser(StreamJobSpec job) {
    this.fields = job.fields();
    this.key = job.key();
    this.eventTime = job.eventTime();
    this.timeFormatName = job.eventTimeFormat();
    this.timeFormat = switch (timeFormatName) {
      case "iso", "epoch_millis", "epoch_seconds" -> null;
      default -> DateTimeFormatter.ofPattern(timeFormatName).withZone(ZoneOffset.UTC);
    };
  }

  /** A parsed event: its typed record, entity key and event time; or a reason it is not one. */
  public record Parsed(Map<String, Object> record, String key, long eventTimeMillis, String error) {
    public boolean ok() {
      return error == null;
    }

    static Parsed failed(String reason) {
      return new Parsed(null, null, 0, reason);
    }
  }

  public Parsed parse(byte[] bytes) {
    if (bytes == null) {
      return Parsed.failed("not JSON: the record has no value");
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      return Parsed.failed("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return Parsed.failed("not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      return Parsed.failed("not a JSON object");
    }
    Map<String, Object> record = new LinkedHashMap<>();
    for (StreamField f : fields) {
      JsonNode v = root;
      for (String step : f.path()) {
        v = v == null || !v.isObject() ? null : v.get(step);
      }
      try {
        record.put(f.name(), v == null || v.isNull() ? null : coerce(v, f.type()));
      } catch (RuntimeException e) {
        return Parsed.failed("field '" + f.dottedPath() + "': cannot read " + shorten(v.toString()) + " as "
            + f.type().name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    Object k = record.get(key);
    if (k == null) {
      return Parsed.failed("key field '" + key + "' is missing or null");
    }
    Object t = record.get(eventTime);
    if (t == null) {
      return Parsed.failed("event time field '" + eventTime + "' is missing or null");
    }
    Long millis = eventMillis(t);
    if (millis == null) {
      return Parsed.failed("event time field '" + eventTime + "': cannot read '" + t + "' as " + timeFormatName);
    }
    return new Parsed(record, String.valueOf(k), millis, null);
  }

  private Long eventMillis(Object v) {
    try {
      if (v instanceof LocalDateTime ldt) {
        return ldt.toInstant(ZoneOffset.UTC).toEpochMilli();
      }
      if (v instanceof Instant i) {
        return i.toEpochMilli();
      }
      if (v instanceof LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      if (v instanceof Number n) {
        return timeFormatName.equals("epoch_seconds") ? Math.round(n.doubleValue() * 1000) : n.longValue();
      }
      String s = v.toString();
      if (timeFormat != null) {
        TemporalAccessor ta = timeFormat.parse(s);
        return LocalDateTime.from(ta).toInstant(ZoneOffset.UTC).toEpochMilli();
      }
      return Times.parseInstant(s).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  private static Object coerce(JsonNode v, LogicalType type) {
    return switch (type) {
      case BOOLEAN -> {
        if (v.isBoolean()) {
          yield v.booleanValue();
        }
        throw new IllegalArgumentException();
      }
      case INTEGER -> Math.toIntExact(integral(v));
      case BIGINT -> integral(v);
      case DOUBLE -> {
        if (v.isNumber()) {
          yield v.doubleValue();
        }
        if (v.isTextual()) {
          yield Double.parseDouble(v.textValue().trim());
        }
        throw new IllegalArgumentException();
      }
      case VARCHAR -> v.isTextual() ? v.textValue() : v.toString();
      case DATE -> LocalDate.parse(v.textValue());
      case TIMESTAMP -> LocalDateTime.ofInstant(Times.parseInstant(text(v)), ZoneOffset.UTC);
      case TIMESTAMPTZ -> Times.parseInstant(text(v));
      default -> throw new IllegalArgumentException();
    };
  }

  private static String text(JsonNode v) {
    if (!v.isTextual()) {
      throw new IllegalArgumentException();
    }
    return v.textValue();
  }

  private static long integral(JsonNode v) {
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isTextual()) {
      return Long.parseLong(v.textValue().trim());
    }
    if (v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue())) {
      return v.longValue();
    }
    throw new IllegalArgumentException();
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
