package io.millrace.stream.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.TableSchema;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.Warehouse;
import io.millrace.api.SqlText;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One warehouse table fed from one topic: rows buffered between commits, and the next offset per
 * partition of the rows committed so far, recorded in each snapshot's summary as
 * {@code millrace.stream.offsets = "0:123,1:98"}. Append tables add their buffered rows; a "latest"
 * table (one row per key) is overwritten with every key's latest row.
 */
final class LakeTable {
  static final String OFFSETS = "millrace.stream.offsets";
  private final String table;
  private final String topic;
  private final String header;   // null: rows are the record values; else the header holding them
  private final TableSchema schema;
  private final String keyColumn;   // null: append table
  private final java.util.function.Function<byte[], JsonNode> latestRow;   // a record of a "latest" table as its row
  // JSON rows: the records' bytes as they came (append tables, which write them unchanged), or
  // (latest tables) per key its row's JSON bytes, or a Pending record, made its row only when committed
  private final List<byte[]> appended = new ArrayList<>();
  private final Map<String, Object> latest = new LinkedHashMap<>();

  /** A "latest" table's record not yet made its row. */
  private record Pending(byte[] record) {}
  private final Map<Integer, Long> offsets = new HashMap<>();
  private boolean dirty;
  private boolean rewritten;
  private long nextRewrite;

  /**
   * @param keyColumn null for an append table (each record value is one JSON row), else the key of
   *     a "latest" table whose rows {@code latestRow} makes of the records
   * @param header null when each record's value is its row; else the record header holding the row
   *     (an append table; a record without it adds no row)
   */
  LakeTable(String table, String topic, String header, TableSchema schema, String keyColumn,
            java.util.function.Function<byte[], JsonNode> latestRow) {
    this.latestRow = latestRow;
    this.table = table;
    this.topic = topic;
    this.header = header;
    this.schema = schema;
    this.keyColumn = keyColumn;
  }

  String table() {
    return table;
  }

  String topic() {
    return topic;
  }

  /** Offsets the last snapshot recorded (where to resume), empty when none. */
  Map<Integer, Long> restore(Warehouse warehouse, EngineSession session) {
    offsets.clear();
    List<SnapshotInfo> snaps = warehouse.exists(table) ? warehouse.snapshots(table) : List.of();
    if (snaps.isEmpty()) {
      return Map.of();
    }
    String recorded = snaps.get(snaps.size() - 1).summary().get(OFFSETS);
    if (recorded != null && !recorded.isEmpty()) {
      for (String part : recorded.split(",")) {
        String[] pv = part.split(":");
        offsets.put(Integer.parseInt(pv[0]), Long.parseLong(pv[1]));
      }
    }
    if (keyColumn != null) {
      loadLatest(warehouse, session);
    }
    return Map.copyOf(offsets);
  }

  /** A "latest" table resumes with the rows it holds (they are overwritten, not appended, on commit). */
  private void loadLatest(Warehouse warehouse, EngineSession session) {
    String view = "__stream_" + table;
    session.registerTable(view, warehouse.schema(table).orElse(schema), warehouse.files(table));
    try {
      var rows = session.query("SELECT * FROM " + SqlText.ident(view));
      int k = rows.columnIndex(keyColumn);
      for (List<Object> r : rows.rows()) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        for (int i = 0; i < rows.columns().size(); i++) {
          n.set(rows.columns().get(i), Json.MAPPER.valueToTree(plain(r.get(i))));
        }
        latest.put(String.valueOf(r.get(k)), Json.bytes(n));
      }
    } finally {
      session.drop(view);
    }
  }

  private static Object plain(Object v) {
    return v instanceof java.time.temporal.Temporal ? v.toString().replace(' ', 'T') : v;
  }

  /**
   * One record: its JSON value (an append table's row, or a "latest" table's record for its key), or
   * the row in its header. A record before the position this table resumed from (the topic also
   * feeds a table that was behind) is skipped.
   */
  void add(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> r) {
    int partition = r.partition();
    long offset = r.offset();
    if (offset < offsets.getOrDefault(partition, 0L)) {
      return;
    }
    String key = r.key();
    byte[] row = r.value();
    if (header != null) {
      org.apache.kafka.common.header.Header h = r.headers().lastHeader(header);
      row = h == null ? null : h.value();
    }
    if (row == null) {
      offsets.put(partition, offset + 1);
      return;
    }
    if (keyColumn == null) {
      appended.add(row);
    } else {
      latest.put(key, new Pending(row));
    }
    offsets.put(partition, offset + 1);
    dirty = true;
  }

  /**
   * Whether to commit at {@code nanoTime}: always for an append table; a "latest" table is rewritten
   * whole, so it waits nine times as long as its last rewrite took, which keeps rewriting a large
   * one (a million keys) to a tenth of the sink's time.
   */
  boolean due(long nanoTime) {
    return keyColumn == null || !rewritten || nanoTime - nextRewrite >= 0;
  }

  boolean dirty() {
    return dirty;
  }

  long pendingRows() {
    return keyColumn == null ? appended.size() : latest.size();
  }

  /**
   * Writes the buffered rows as one Parquet file and commits it with the offsets reached.
   *
   * @return rows appended (0 for a "latest" table, which is replaced)
   */
  long commit(Warehouse warehouse, EngineSession session, Path scratch, String runId) {
    if (!dirty) {
      return 0;
    }
    long started = System.nanoTime();
    List<byte[]> rows = keyColumn == null ? appended : latestRows();
    List<Path> files = new ArrayList<>();
    if (!rows.isEmpty()) {
      Path json = scratch.resolve(table + "-" + System.nanoTime() + ".jsonl");
      write(json, rows);
      try {
        Path file = warehouse.newDataFile(table);
        session.writeParquet(select(json), file, warehouse.fieldIds(table, schema));
        files.add(file);
      } finally {
        json.toFile().delete();
      }
    }
    Map<String, String> props = new LinkedHashMap<>();
    props.put(OFFSETS, offsetText());
    props.put("millrace.stream.topic", topic);
    if (runId != null) {
      props.put("millrace.run-id", runId);
    }
    warehouse.commit(new CommitRequest(table, schema, files,
        keyColumn == null ? CommitRequest.Mode.APPEND : CommitRequest.Mode.OVERWRITE, null, props));
    long added = keyColumn == null ? appended.size() : 0;
    long now = System.nanoTime();
    nextRewrite = now + 9 * (now - started);
    rewritten = true;
    appended.clear();
    dirty = false;
    return added;
  }

  private String offsetText() {
    StringJoiner j = new StringJoiner(",");
    offsets.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> j.add(e.getKey() + ":" + e.getValue()));
    return j.toString();
  }

  private String select(Path json) {
    StringJoiner cols = new StringJoiner(", ");
    StringJoiner out = new StringJoiner(", ");
    for (Column c : schema.columns()) {
      cols.add(SqlText.string(c.name()) + ": " + SqlText.string(c.sql()));
      out.add(SqlText.ident(c.name()));
    }
    return "SELECT " + out + " FROM read_json(" + SqlText.string(json.toString())
        + ", format = 'newline_delimited', columns = {" + cols + "})";
  }

  /** Every key's latest row; a record read since the last commit becomes its row here, once. */
  private List<byte[]> latestRows() {
    List<byte[]> rows = new ArrayList<>(latest.size());
    for (Map.Entry<String, Object> e : latest.entrySet()) {
      if (e.getValue() instanceof Pending p) {
        e.setValue(Json.bytes(latestRow.apply(p.record())));
      }
      rows.add((byte[]) e.getValue());
    }
    return rows;
  }

  private static void write(Path file, List<byte[]> rows) {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      for (byte[] r : rows) {
        out.write(r);
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TableSchema schemaOf(Map<String, LogicalType> columns) {
    List<Column> cols = new ArrayList<>();
    columns.forEach((n, t) -> cols.add(new Column(n, t)));
    return new TableSchema(cols);
  }
}
