package io.millrace.api.spi;

import java.time.Instant;

/** A warehouse table's current state. {@code snapshotId} is 0 when the table has no snapshot. */
public record TableInfo(String name, long snapshotId, long rows, int files, Instant lastCommit) {}
