package io.millrace.stream.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.TableSchema;
import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.spi.CommitCondition;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.Warehouse;
import io.millrace.api.SqlText;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Utils;

/**
 * One warehouse table fed from one topic, for the partitions of that topic this sink instance owns
 * (it is one member of a consumer group; other instances own the others): rows buffered per
 * partition between commits, and the next offset per partition of the rows committed so far,
 * recorded in each snapshot's summary as {@code millrace.stream.offsets = "0:123,1:98"}.
 *
 * <p>Several instances commit to one table, each snapshot carrying what its writer knew: a
 * partition's position is the <em>largest</em> any retained snapshot records for it. Positions only
 * grow and a snapshot records a position only for rows the table holds (an instance writes its own
 * partitions' positions, and others' as read from earlier snapshots), so a position carried over
 * stale by a concurrent commit is merely smaller than the true one and never wins.
 *
 * <p>Append tables add their buffered rows (one file per commit). A "latest" table (one row per key)
 * is written per partition: each commit replaces the file of each partition it writes (a tagged
 * append, tag {@code stream-partition-<p>}, which the warehouse retries against concurrent writers),
 * so two instances never overwrite each other's keys. A key's partition is the producer's default
 * (murmur2 of the key, as Kafka Streams writes the output topic). A table written whole by an older
 * sink (one untagged file) is converted once when first resumed.
 *
 * <p>Fencing (a zombie's rows never land twice): each owned partition remembers the position the
 * table held for it when this sink's uncommitted rows of it begin ({@link #from}: at assignment, and
 * after each commit of this sink). Every commit carries a {@link CommitCondition} that the warehouse
 * checks inside the commit against the current snapshots (refreshed on each retry): if any snapshot
 * since this sink's last commit records a larger position for an owned partition, another writer has
 * committed rows of it meanwhile (this sink stalled past its session timeout and the partition went
 * to another instance, or the other way round), so the commit is refused. The rows buffered for the
 * moved partitions are then dropped (whoever committed first holds the rows before its position, and
 * the rest is read again from there), those partitions are {@link #takeFenced handed back} to the sink
 * to take over again from the table's position, and the commit is made again without them. First
 * committer wins, per partition: the rows of a partition in the table are always exactly its offsets
 * before its position, whichever instance wrote them.
 */
final class LakeTable {
  static final String OFFSETS = "millrace.stream.offsets";
  /** Snapshot summary key: {@code partitioned} for a "latest" table written per partition. */
  static final String LAYOUT = "millrace.stream.layout";
  static final String TAG_PREFIX = "stream-partition-";
  /** Snapshot summary key naming the commit (writer and sequence): where a fence check may stop. */
  static final String COMMIT_MARK = "millrace.stream.commit";
  private static final System.Logger LOG = System.getLogger(LakeTable.class.getName());
  private final String table;
  private final String topic;
  private final String header;   // null: rows are the record values; else the header holding them
  private final TableSchema schema;
  private final String keyColumn;   // null: append table
  private final java.util.function.Function<byte[], JsonNode> latestRow;   // a record of a "latest" table as its row
  // JSON rows per owned partition: the records' bytes as they came (append tables, which write them
  // unchanged), or (latest tables) per key its row's JSON bytes, or a Pending record, made its row only
  // when committed
  private final Map<Integer, List<byte[]>> appended = new HashMap<>();
  private final Map<Integer, Map<String, Object>> latest = new HashMap<>();

  /** A "latest" table's record not yet made its row. */
  private record Pending(byte[] record) {}
  /** Owned partitions: the next offset to read. */
  private final Map<Integer, Long> offsets = new HashMap<>();
  /** Every partition: the largest position a snapshot of the table records (see the class comment). */
  private final Map<Integer, Long> recorded = new HashMap<>();
  private final Set<Long> folded = new HashSet<>();
  private static final long REFRESH_NANOS = 60_000_000_000L;
  private long refreshed = System.nanoTime() - REFRESH_NANOS;
  private final Set<Integer> dirty = new TreeSet<>();
  /** Owned partitions: the table's position when this sink's uncommitted rows of them begin (see the class comment). */
  private final Map<Integer, Long> from = new HashMap<>();
  /** Partitions fenced off since {@link #takeFenced} was last called. */
  private final Set<Integer> fenced = new TreeSet<>();
  private final String writer = java.util.UUID.randomUUID().toString();
  private long commits;
  /** The mark of this sink's last commit to the table, or null. */
  private String lastMark;
  private volatile long fencedRows;
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

  /**
   * Folds the positions of snapshots not read yet into {@link #recorded}: on every assignment, and on
   * commits once a minute (so what a commit carries of the other instances' positions is at most a
   * minute old; stale is safe, see the class comment, and the list of snapshots is not read on every
   * commit of a long run).
   */
  private void refresh(Warehouse warehouse) {
    refreshed = System.nanoTime();
    if (!warehouse.exists(table)) {
      return;
    }
    List<SnapshotInfo> snaps = warehouse.snapshots(table);
    Set<Long> ids = new HashSet<>();
    for (SnapshotInfo s : snaps) {
      ids.add(s.snapshotId());
      if (folded.contains(s.snapshotId())) {
        continue;
      }
      parse(s.summary().get(OFFSETS), recorded);
    }
    folded.clear();
    folded.addAll(ids);
  }

  /** Folds a summary's {@link #OFFSETS} ({@code "0:123,1:98"}, or null) into {@code into}, keeping the larger. */
  private static void parse(String text, Map<Integer, Long> into) {
    if (text != null && !text.isEmpty()) {
      for (String part : text.split(",")) {
        String[] pv = part.split(":");
        into.merge(Integer.parseInt(pv[0]), Long.parseLong(pv[1]), Math::max);
      }
    }
  }

  /**
   * Takes partitions of the topic: their positions as recorded in the table (0 when none), and for
   * a "latest" table the rows it holds for their keys.
   *
   * @param partitionCount partitions of the topic (a key's partition is computed from it)
   * @return where to read each of them from
   */
  Map<Integer, Long> assign(Collection<Integer> parts, int partitionCount, Warehouse warehouse, EngineSession session,
                            Path scratch, String runId) {
    refresh(warehouse);
    Map<Integer, Long> at = new HashMap<>();
    for (int p : parts) {
      long pos = recorded.getOrDefault(p, 0L);
      offsets.put(p, pos);
      from.put(p, pos);
      fenced.remove(p);
      at.put(p, pos);
      appended.put(p, new ArrayList<>());
      latest.put(p, new LinkedHashMap<>());
    }
    if (keyColumn != null && !parts.isEmpty() && warehouse.exists(table) && !warehouse.files(table).isEmpty()) {
      loadLatest(parts, partitionCount, warehouse, session, scratch, runId);
    }
    return at;
  }

  /** Gives partitions up: their buffered rows are dropped (commit them first when they are not lost). */
  void revoke(Collection<Integer> parts) {
    for (int p : parts) {
      offsets.remove(p);
      from.remove(p);
      appended.remove(p);
      latest.remove(p);
      dirty.remove(p);
    }
  }

  /**
   * A "latest" table resumes with the rows it holds for its partitions' keys (they are replaced, not
   * appended, on commit). A table an older sink wrote whole is first rewritten per partition.
   */
  private void loadLatest(Collection<Integer> parts, int partitionCount, Warehouse warehouse, EngineSession session,
                          Path scratch, String runId) {
    List<SnapshotInfo> snaps = warehouse.snapshots(table);
    boolean legacy = false;
    for (int i = snaps.size() - 1; i >= 0; i--) {
      Map<String, String> summary = snaps.get(i).summary();
      if (summary.containsKey(OFFSETS)) {
        legacy = !"partitioned".equals(summary.get(LAYOUT));
        break;
      }
    }
    String view = "__stream_" + table;
    Map<Integer, Map<String, Object>> all = new TreeMap<>();
    session.registerTable(view, warehouse.schema(table).orElse(schema), warehouse.files(table));
    try {
      var rows = session.query("SELECT * FROM " + SqlText.ident(view));
      int k = rows.columnIndex(keyColumn);
      for (List<Object> r : rows.rows()) {
        String key = String.valueOf(r.get(k));
        int p = partitionOf(key, partitionCount);
        if (!legacy && !parts.contains(p)) {
          continue;
        }
        ObjectNode n = Json.MAPPER.createObjectNode();
        for (int i = 0; i < rows.columns().size(); i++) {
          n.set(rows.columns().get(i), Json.MAPPER.valueToTree(plain(r.get(i))));
        }
        all.computeIfAbsent(p, x -> new LinkedHashMap<>()).put(key, Json.bytes(n));
      }
    } finally {
      session.drop(view);
    }
    if (legacy) {
      // one untagged file of every key: replace it by one tagged file per partition (the first commit
      // replaces the whole table, so readers briefly miss the other partitions' keys)
      boolean first = true;
      for (int p = 0; p < partitionCount; p++) {
        Map<String, Object> rows = all.getOrDefault(p, Map.of());
        if (first || !rows.isEmpty()) {
          write(warehouse, session, scratch, runId, rows.values().stream().map(byte[].class::cast).toList(),
              first ? CommitRequest.Mode.OVERWRITE : CommitRequest.Mode.APPEND, TAG_PREFIX + p, recorded, false);
          first = false;
        }
      }
    }
    for (int p : parts) {
      latest.get(p).putAll(all.getOrDefault(p, Map.of()));
    }
  }

  /** The partition Kafka's default partitioner gives a key (as Kafka Streams writes the output topic). */
  static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private static Object plain(Object v) {
    return v instanceof java.time.temporal.Temporal ? v.toString().replace(' ', 'T') : v;
  }

  /**
   * One record: its JSON value (an append table's row, or a "latest" table's record for its key), or
   * the row in its header. A record before the position this table resumed from (the topic also
   * feeds a table that was behind), or of a partition it does not own, is skipped.
   */
  void add(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> r) {
    int partition = r.partition();
    long offset = r.offset();
    Long at = offsets.get(partition);
    if (at == null || offset < at) {
      return;
    }
    String key = r.key();
    byte[] row = r.value();
    if (header != null) {
      org.apache.kafka.common.header.Header h = r.headers().lastHeader(header);
      row = h == null ? null : h.value();
    }
    offsets.put(partition, offset + 1);
    if (row == null) {
      return;
    }
    if (keyColumn == null) {
      appended.get(partition).add(row);
    } else {
      latest.get(partition).put(key, new Pending(row));
    }
    dirty.add(partition);
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
    return !dirty.isEmpty();
  }

  /** Whether partition {@code p} has rows not committed yet. */
  boolean dirty(int p) {
    return dirty.contains(p);
  }

  /**
   * Writes the buffered rows and commits them with the positions reached: an append table one file
   * for all its partitions, a "latest" table one tagged file per partition with new rows.
   *
   * @return rows appended (0 for a "latest" table, which is replaced)
   */
  long commit(Warehouse warehouse, EngineSession session, Path scratch, String runId) {
    if (dirty.isEmpty()) {
      return 0;
    }
    long started = System.nanoTime();
    if (started - refreshed >= REFRESH_NANOS) {
      refresh(warehouse);
      fence(moved(recorded));   // found early: no file written for them
    }
    long added = 0;
    if (keyColumn == null) {
      while (!dirty.isEmpty()) {
        List<byte[]> rows = new ArrayList<>();
        for (int p : dirty) {
          rows.addAll(appended.get(p));
        }
        if (write(warehouse, session, scratch, runId, rows, CommitRequest.Mode.APPEND, null, positions(dirty), true)) {
          added = rows.size();
          dirty.forEach(p -> appended.get(p).clear());
          committed(dirty);
          dirty.clear();
        }
      }
    } else {
      for (int p : List.copyOf(dirty)) {
        while (dirty.contains(p)) {
          if (write(warehouse, session, scratch, runId, latestRows(p), CommitRequest.Mode.APPEND, TAG_PREFIX + p,
              positions(Set.of(p)), true)) {
            dirty.remove(p);
            committed(Set.of(p));
          }
        }
      }
    }
    long now = System.nanoTime();
    nextRewrite = now + 9 * (now - started);
    rewritten = true;
    return added;
  }

  /** Owned partitions whose position in {@code positions} is past where this sink's uncommitted rows begin. */
  private Map<Integer, Long> moved(Map<Integer, Long> positions) {
    Map<Integer, Long> m = new TreeMap<>();
    from.forEach((p, at) -> {
      Long pos = positions.get(p);
      if (pos != null && pos > at) {
        m.put(p, pos);
      }
    });
    return m;
  }

  /**
   * The fence of a commit (see the class comment): refuses it when a snapshot newer than this sink's
   * last commit records a position past {@link #from} for an owned partition. Runs inside the
   * warehouse's commit, reading {@link #from} as it was when the commit began.
   */
  private CommitCondition fenceCondition() {
    Map<Integer, Long> base = Map.copyOf(from);
    String stopAt = lastMark;
    return summaries -> {
      Map<Integer, Long> seen = new TreeMap<>();
      for (Map<String, String> summary : summaries) {
        if (stopAt != null && stopAt.equals(summary.get(COMMIT_MARK))) {
          break;   // older snapshots were checked by that commit, or read when a partition was assigned
        }
        parse(summary.get(OFFSETS), seen);
      }
      Map<Integer, Long> moved = new TreeMap<>();
      base.forEach((p, at) -> {
        Long pos = seen.get(p);
        if (pos != null && pos > at) {
          moved.put(p, pos);
        }
      });
      if (!moved.isEmpty()) {
        throw new Fenced(table, moved);
      }
    };
  }

  /** A commit refused by {@link #fenceCondition}: other writers moved these partitions to these positions. */
  private static final class Fenced extends MillraceException {
    final transient Map<Integer, Long> moved;

    Fenced(String table, Map<Integer, Long> moved) {
      super(ErrorKind.EXTERNAL, String.format("Cannot commit table '%s': another writer committed partitions %s "
          + "(partition:position) since this sink took them over", table, moved));
      this.moved = moved;
    }
  }

  /**
   * Drops the uncommitted rows of partitions another writer has moved on (they are in the table, or
   * are read again from its position), and marks them for the sink to take over again.
   */
  private void fence(Map<Integer, Long> moved) {
    moved.forEach((p, pos) -> {
      recorded.merge(p, pos, Math::max);
      List<byte[]> rows = appended.get(p);
      int dropped = keyColumn == null && rows != null ? rows.size() : 0;
      LOG.log(System.Logger.Level.WARNING, String.format("Fenced off partition %d of %s for table '%s': another "
          + "writer committed it up to offset %d since this sink took it at %d; dropped %s not committed here "
          + "(read again from the table's position)", p, topic, table, pos, from.get(p),
          keyColumn == null ? dropped + " rows" : "the keys' rows"));
      fencedRows += dropped;
      offsets.remove(p);
      from.remove(p);
      appended.remove(p);
      latest.remove(p);
      dirty.remove(p);
      fenced.add(p);
    });
  }

  /** The partitions fenced off since the last call (their buffers dropped): the sink takes them over again. */
  Set<Integer> takeFenced() {
    Set<Integer> out = Set.copyOf(fenced);
    fenced.clear();
    return out;
  }

  /** Rows of an append table dropped by fencing (committed by another writer, or read again). */
  long fencedRows() {
    return fencedRows;
  }

  /**
   * The positions a commit of {@code parts} may record: the table's, and those of owned partitions
   * whose rows are all in the table once it is made (the committed ones, and those with nothing
   * pending).
   */
  private Map<Integer, Long> positions(Set<Integer> parts) {
    Map<Integer, Long> m = new TreeMap<>(recorded);
    offsets.forEach((p, o) -> {
      if (parts.contains(p) || !dirty.contains(p)) {
        m.merge(p, o, Math::max);
      }
    });
    return m;
  }

  private void committed(Set<Integer> parts) {
    offsets.forEach((p, o) -> {
      if (parts.contains(p) || !dirty.contains(p)) {
        recorded.merge(p, o, Math::max);
        from.put(p, o);
      }
    });
  }

  /**
   * Writes {@code rows} as one file and commits it with {@code positions}; when {@code fence}, under
   * {@link #fenceCondition}.
   *
   * @return false when the commit was fenced (nothing committed, the file deleted, the moved
   *     partitions dropped by {@link #fence})
   */
  private boolean write(Warehouse warehouse, EngineSession session, Path scratch, String runId, List<byte[]> rows,
                        CommitRequest.Mode mode, String tag, Map<Integer, Long> positions, boolean fence) {
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
    StringJoiner j = new StringJoiner(",");
    new TreeMap<>(positions).forEach((p, o) -> j.add(p + ":" + o));
    props.put(OFFSETS, j.toString());
    props.put("millrace.stream.topic", topic);
    if (keyColumn != null) {
      props.put(LAYOUT, "partitioned");
    }
    if (runId != null) {
      props.put("millrace.run-id", runId);
    }
    String mark = writer + ":" + (++commits);
    props.put(COMMIT_MARK, mark);
    try {
      warehouse.commit(new CommitRequest(table, schema, files, mode, tag, props, fence ? fenceCondition() : null));
    } catch (Fenced e) {
      for (Path f : files) {
        f.toFile().delete();   // in no snapshot
      }
      fence(e.moved);
      return false;
    }
    lastMark = mark;
    return true;
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

  /** Every key's latest row of partition {@code p}; a record read since the last commit becomes its row here, once. */
  private List<byte[]> latestRows(int p) {
    Map<String, Object> keys = latest.get(p);
    List<byte[]> rows = new ArrayList<>(keys.size());
    for (Map.Entry<String, Object> e : keys.entrySet()) {
      if (e.getValue() instanceof Pending pending) {
        e.setValue(Json.bytes(latestRow.apply(pending.record())));
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
