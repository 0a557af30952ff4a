package io.millrace.stream.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.TableSchema;
import io.millrace.api.stream.StreamField;
import io.millrace.api.stream.StreamJobSpec;
import java.time.Instant;
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

  public static byte[] json(Routed.Valid e) {
    ObjectNode row = Json.MAPPER.valueToTree(Json.plain(e.record()));
    row.put("_partition", e.partition());
    row.put("_offset", e.offset());
    row.put("_ingested_at", Instant.ofEpochMilli(e.ingestTime()).toString());
    return Json.bytes(row);
  }
}
