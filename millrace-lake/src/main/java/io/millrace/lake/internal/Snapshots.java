package io.millrace.lake.internal;

import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.TableInfo;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;

/** Iceberg snapshots as Millrace values. */
public final class Snapshots {
  private Snapshots() {}

  public static SnapshotInfo info(Snapshot s) {
    Map<String, String> summary = s.summary() == null ? Map.of() : Map.copyOf(s.summary());
    return new SnapshotInfo(s.snapshotId(), s.parentId() == null ? 0 : s.parentId(),
        Instant.ofEpochMilli(s.timestampMillis()), s.operation(),
        number(summary, SnapshotSummary.TOTAL_RECORDS_PROP), summary, s.schemaId() == null ? -1 : s.schemaId());
  }

  /** Every snapshot of the table, oldest first. */
  public static List<SnapshotInfo> all(Table table) {
    return StreamSupport.stream(table.snapshots().spliterator(), false)
        .sorted(Comparator.comparingLong(Snapshot::timestampMillis).thenComparingLong(Snapshot::sequenceNumber))
        .map(Snapshots::info)
        .toList();
  }

  public static TableInfo table(String name, Table table) {
    Snapshot s = table.currentSnapshot();
    if (s == null) {
      return new TableInfo(name, 0, 0, 0, null);
    }
    Map<String, String> summary = s.summary() == null ? Map.of() : s.summary();
    return new TableInfo(name, s.snapshotId(), number(summary, SnapshotSummary.TOTAL_RECORDS_PROP),
        (int) number(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP), Instant.ofEpochMilli(s.timestampMillis()));
  }

  private static long number(Map<String, String> summary, String key) {
    String v = summary.get(key);
    return v == null ? 0 : Long.parseLong(v);
  }
}
