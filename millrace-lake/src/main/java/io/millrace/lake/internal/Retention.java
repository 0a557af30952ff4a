package io.millrace.lake.internal;

import io.millrace.api.project.WarehouseRetention;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Expires snapshots past a {@link WarehouseRetention} and deletes the data and manifest files only
 * they referenced, so tables that commit often (streams, incremental models) do not grow without
 * bound. Manifests stay bounded without a separate rewrite: plain appends are fast appends until the
 * current snapshot lists {@link TableCommit#MERGE_AT_MANIFESTS} manifests, then a merging append
 * folds the small ones; overwrites and tagged appends always merge.
 *
 * <p>Kept regardless of age: the newest {@code keepSnapshots} of the current history, and the newest
 * snapshot carrying each replace tag while its files may be live ({@link TagIndex} needs it to find
 * them; it pins only the files live when it was made). Expiry runs after a commit, once at least
 * {@link #BATCH} snapshots are due, so its cost (reading the expired snapshots' manifests) is spread
 * over many commits.
 */
final class Retention {
  static final int BATCH = 10;

  private Retention() {}

  /**
   * The snapshots the policy expires now, or none while fewer than {@link #BATCH} are due. Reads only
   * the table's metadata in memory (works on a transaction's table).
   */
  static List<Long> due(Table table, WarehouseRetention policy, long nowMillis) {
    return due(table, policy, nowMillis, BATCH);
  }

  /** The snapshots the policy expires now, or none while fewer than {@code batch} are due. */
  static List<Long> due(Table table, WarehouseRetention policy, long nowMillis, int batch) {
    List<Snapshot> all = new ArrayList<>();
    table.snapshots().forEach(all::add);
    if (all.size() < policy.keepSnapshots() + batch) {
      return List.of();
    }
    Set<Long> kept = kept(table, policy.keepSnapshots());
    long cutoff = nowMillis - policy.keepAge().toMillis();
    List<Long> due = all.stream().filter(s -> s.timestampMillis() < cutoff && !kept.contains(s.snapshotId()))
        .map(Snapshot::snapshotId).toList();
    return due.size() < batch ? List.of() : due;
  }

  /** Expires what the policy allows; returns how many snapshots were expired. */
  static int apply(Table table, WarehouseRetention policy, long nowMillis) {
    return apply(table, due(table, policy, nowMillis), null);
  }

  /**
   * Expires exactly {@code due} and deletes the files only they referenced, each passed to
   * {@code deleting} (when not null) before it is deleted.
   */
  static int apply(Table table, List<Long> due, java.util.function.Consumer<String> deleting) {
    if (due.isEmpty()) {
      return 0;
    }
    // expire exactly these: an age cutoff of 0 keeps Iceberg's own age rule from expiring kept ones
    ExpireSnapshots expire = table.expireSnapshots().expireOlderThan(0L).retainLast(1)
        .cleanExpiredFiles(true).planWith(TableCommit.SAME_THREAD).executeDeleteWith(TableCommit.SAME_THREAD);
    if (deleting != null) {
      expire.deleteWith(location -> {
        deleting.accept(location);
        table.io().deleteFile(location);
      });
    }
    due.forEach(expire::expireSnapshotId);
    expire.commit();
    return due.size();
  }

  private static Set<Long> kept(Table table, int newest) {
    Set<Long> kept = new HashSet<>();
    Set<String> tags = new HashSet<>();
    boolean replacedAll = false;
    int position = 0;
    for (Snapshot s : TagIndex.newestFirst(table)) {
      if (position++ < newest) {
        kept.add(s.snapshotId());
      }
      String tag = s.summary().get(TableCommit.TAG);
      if (!replacedAll && tag != null && tags.add(tag)) {
        kept.add(s.snapshotId());
      }
      replacedAll |= "true".equals(s.summary().get(TableCommit.REPLACED_ALL));
    }
    return kept;
  }
}
