package io.millrace.server.features;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.millrace.api.features.FeatureStatus;
import io.millrace.api.features.OnlineResponse;
import io.millrace.api.predict.Prediction;
import io.millrace.server.ErrorBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes responses with Jackson's streaming generator, straight from the api records.
 *
 * <p>{@code get-online-features} answers exactly as Feast's feature server does (its protobuf response through
 * {@code MessageToDict} with Feast's value patch): {@code metadata.feature_names}, then one entry of
 * {@code results} per name, each with one value, status and event timestamp per entity row; values as plain JSON
 * (null when absent, non-finite doubles as the strings "NaN", "Infinity", "-Infinity"), statuses by name,
 * timestamps in RFC 3339 UTC ({@code 2021-12-31T23:00:00Z}), and the Unix epoch where there is none (entity
 * columns, values not found), as protobuf's default timestamp prints.
 */
final class JsonResponses {
  static final String EPOCH = "1970-01-01T00:00:00Z";

  private final JsonFactory json = new JsonFactory();

  byte[] online(OnlineResponse response) {
    List<OnlineResponse.Vector> results = response.results();
    int rows = results.isEmpty() ? 0 : results.get(0).values().size();
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + results.size() * (48 + rows * 48));
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("metadata");
      g.writeArrayFieldStart("feature_names");
      for (String name : response.featureNames()) {
        g.writeString(name);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeArrayFieldStart("results");
      for (OnlineResponse.Vector v : results) {
        vector(g, v);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void vector(JsonGenerator g, OnlineResponse.Vector v) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("values");
    for (Object value : v.values()) {
      value(g, value);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("statuses");
    for (FeatureStatus s : v.statuses()) {
      g.writeString(s == null ? FeatureStatus.NOT_FOUND.name() : s.name());
    }
    g.writeEndArray();
    g.writeArrayFieldStart("event_timestamps");
    Instant last = null;
    String lastText = EPOCH;
    for (Instant t : v.eventTimestamps()) {
      if (t != null && !t.equals(last)) { // a column's rows often share one timestamp: format it once
        last = t;
        lastText = t.toString();
      }
      g.writeString(t == null ? EPOCH : lastText);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** One prediction: {@code predictor}, {@code model_version}, and a row per entity row. */
  byte[] prediction(Prediction p) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + p.rows().size() * 256);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("predictor", p.predictor());
      g.writeStringField("model_version", p.modelVersion());
      g.writeArrayFieldStart("rows");
      for (Prediction.Row r : p.rows()) {
        row(g, r);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void row(JsonGenerator g, Prediction.Row r) throws IOException {
    g.writeStartObject();
    g.writeFieldName("entity");
    value(g, r.entity());
    g.writeFieldName("score");
    value(g, r.score());
    g.writeStringField("label", r.label());
    g.writeStringField("decision", r.decision());
    g.writeArrayFieldStart("reasons");
    for (Prediction.Reason reason : r.reasons() == null ? List.<Prediction.Reason>of() : r.reasons()) {
      g.writeStartObject();
      g.writeStringField("kind", reason.kind());
      g.writeStringField("name", reason.name());
      g.writeStringField("detail", reason.detail());
      g.writeFieldName("contribution");
      value(g, reason.contribution());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  byte[] error(String message, int status) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + message.length());
    ErrorBody body = new ErrorBody(message, "USER", status);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("error", body.error());
      g.writeStringField("kind", body.kind());
      g.writeNumberField("status", body.status());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A feature value or entity key as plain JSON. */
  static void value(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Double d) {
      decimal(g, d);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof Float f) {
      decimal(g, f.doubleValue());
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (v instanceof BigInteger i) {
      g.writeNumber(i);
    } else if (v instanceof byte[] bytes) {
      g.writeBinary(bytes);
    } else if (v instanceof Collection<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        value(g, item);
      }
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        value(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof TemporalAccessor t) {
      g.writeString(t.toString()); // ISO-8601: Instant in UTC with Z, local dates and times as they are
    } else {
      g.writeString(v.toString());
    }
  }

  private static void decimal(JsonGenerator g, double d) throws IOException {
    if (Double.isFinite(d)) {
      g.writeNumber(d);
    } else {
      g.writeString(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
    }
  }
}
