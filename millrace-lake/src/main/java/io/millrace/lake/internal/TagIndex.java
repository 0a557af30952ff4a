package io.millrace.lake.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * The live files of a replace tag, found from snapshot summaries instead of a scan of the table.
 *
 * <p>Every commit with a tag replaces all live files carrying that tag, and an OVERWRITE (marked
 * {@link TableCommit#REPLACED_ALL}) replaces every file; so walking back from the current snapshot,
 * the first snapshot carrying the tag added the only files of that tag that can still be live, and
 * meeting a whole-table overwrite first means none is. {@link Retention} never expires such a
 * snapshot while its files may be live, so the walk cannot miss one.
 */
final class TagIndex {
  private TagIndex() {}

  /** Files of the tag that may be live (deleting one that is not is a no-op for Iceberg). */
  static List<DataFile> liveFiles(Table table, String tag) {
    Snapshot s = newestCarrying(table, tag);
    List<DataFile> files = new ArrayList<>();
    if (s != null) {
      s.addedDataFiles(table.io()).forEach(files::add);
    }
    return files;
  }

  /**
   * Locations of every file that a replace tag may still replace: for each tag, the files added by
   * the newest snapshot carrying it (none once a whole-table overwrite came after it). Compaction
   * leaves these alone: a merged file holding rows of several tags could not be replaced by tag.
   */
  static java.util.Set<String> taggedFiles(Table table) {
    java.util.Set<String> tags = new java.util.HashSet<>();
    java.util.Set<String> files = new java.util.HashSet<>();
    for (Snapshot s : newestFirst(table)) {
      String tag = s.summary().get(TableCommit.TAG);
      if (tag != null && tags.add(tag)) {
        s.addedDataFiles(table.io()).forEach(f -> files.add(f.location()));
      }
      if ("true".equals(s.summary().get(TableCommit.REPLACED_ALL))) {
        break;
      }
    }
    return files;
  }

  /** The newest snapshot carrying the tag, or null (none, or replaced since). */
  static Snapshot newestCarrying(Table table, String tag) {
    for (Snapshot s : newestFirst(table)) {
      if (tag.equals(s.summary().get(TableCommit.TAG))) {
        return s;
      }
      if ("true".equals(s.summary().get(TableCommit.REPLACED_ALL))) {
        return null;
      }
    }
    return null;
  }

  /**
   * The table's snapshots, newest first. Millrace commits one linear history, so this is the current
   * snapshot's ancestry; it is read from the snapshot list rather than by parent ids because expiry
   * removes snapshots from the middle of the chain.
   */
  static List<Snapshot> newestFirst(Table table) {
    List<Snapshot> all = new ArrayList<>();
    table.snapshots().forEach(all::add);
    all.sort(Comparator.comparingLong(Snapshot::sequenceNumber).thenComparingLong(Snapshot::timestampMillis).reversed());
    return all;
  }
}
