package io.millrace.api.spi;

import java.time.Instant;
import java.util.Map;

/** One Iceberg snapshot of a table. {@code parentId} is 0 for the first. */
public record SnapshotInfo(long snapshotId, long parentId, Instant committedAt, String operation,
                           long totalRows, Map<String, String> summary) {}
