package io.millrace.stream.internal;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.TableSchema;
import io.millrace.api.stream.StreamField;
import io.millrace.api.stream.StreamJobSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <job>_events} row of a valid event: its typed fields, then {@code _partition},
 * {@code _offset} (the arrival order of one key's events) and {@code _ingested_at} (the input
 * record's timestamp).
 */
public final class EventRows {
  private EventRows() {}

  public static TableSchema schema(StreamJobSpec job) {
    List<Column> cols = new ArrayList<>();
    for (StreamField f : job.fields()) {
      cols.add(new Column(f.name(), f.type()));
    }
    cols.add(new Column("_partition", LogicalType.INTEGER));
    cols.add(new Column("_offset", LogicalType.BIGINT));
    cols.add(new Column("_ingested_at", LogicalType.TIMESTAMPTZ));
    return new TableSchema(cols);
  }

  private static final ThreadLocal<Json.Writer> WRITERS = ThreadLocal.withInitial(Json.Writer::new);

  public static byte[] json(Routed.Valid e) {
    return json(e, WRITERS.get());
  }

  /** As {@link #json(Routed.Valid)}, written with {@code w}. */
  static byte[] json(Routed.Valid e, Json.Writer w) {
    com.fasterxml.jackson.core.JsonGenerator g = w.start();
    try {
      g.writeStartObject();
      Json.writeFields(g, e.record());
      g.writeNumberField("_partition", e.partition());
      g.writeNumberField("_offset", e.offset());
      g.writeStringField("_ingested_at", Times.iso(e.ingestTime()));
      g.writeEndObject();
    } catch (java.io.IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
    return w.finish(g);
  }
}
