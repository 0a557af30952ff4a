package io.millrace.api.project;

import java.time.Duration;
import java.util.Objects;

/**
 * How long warehouse snapshots (time travel) are kept: a snapshot is expired, and the data files only
 * it referenced are deleted, once it is older than {@code keepAge} and is not among the newest
 * {@code keepSnapshots} of its table. From {@code warehouse_retention: {keep_days: 7,
 * keep_snapshots: 10}} in {@code millrace.yaml}.
 *
 * @param keepAge snapshots younger than this are kept (positive)
 * @param keepSnapshots at least this many newest snapshots are kept (at least 1)
 */
public record WarehouseRetention(Duration keepAge, int keepSnapshots) {
  /** Seven days and at least ten snapshots. */
  public static final WarehouseRetention DEFAULT = new WarehouseRetention(Duration.ofDays(7), 10);

  public WarehouseRetention {
    Objects.requireNonNull(keepAge, "keepAge");
    if (keepAge.isNegative() || keepAge.isZero()) {
      throw new IllegalArgumentException("keepAge must be positive: " + keepAge);
    }
    if (keepSnapshots < 1) {
      throw new IllegalArgumentException("keepSnapshots must be at least 1: " + keepSnapshots);
    }
  }
}
