package io.millrace.api.spi;

import java.time.Instant;
import java.util.Map;

/**
 * One Iceberg snapshot of a table. {@code parentId} is 0 for the first.
 *
 * @param summary the snapshot summary: Iceberg's counters plus the {@link CommitRequest#properties()}
 *     of the commit that made it (e.g. a stream's offsets, to resume from its last commit)
 * @param schemaId the id of the table schema the snapshot was written with (-1 when unknown); time
 *     travel reads the snapshot with that schema
 */
public record SnapshotInfo(long snapshotId, long parentId, Instant committedAt, String operation,
                           long totalRows, Map<String, String> summary, int schemaId) {
  public SnapshotInfo {
    summary = Map.copyOf(summary);
  }

  /** A snapshot whose schema id is unknown. */
  public SnapshotInfo(long snapshotId, long parentId, Instant committedAt, String operation, long totalRows,
                      Map<String, String> summary) {
    this(snapshotId, parentId, committedAt, operation, totalRows, summary, -1);
  }
}
