package io.millrace.lake.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.project.WarehouseRetention;
import io.millrace.lake.MaintenanceReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;

/**
 * Table maintenance on demand ({@code millrace maintain}): small-file compaction and snapshot expiry.
 *
 * <p>Compaction reads the rows of a table's small live files with Iceberg's generic Parquet reader
 * and writes them into fewer files with Iceberg's generic Parquet writer, committed as one
 * {@code replace} snapshot ({@link RewriteFiles}: the same rows, validated against writers that
 * changed the table meanwhile; appends by others do not conflict). Why Iceberg's reader and writer
 * rather than the SQL engine: columns are matched by field id and projected onto the current schema
 * (a file written before a column was added or widened reads right), the new file carries the
 * table's field ids and metrics by construction, and the lake needs no engine session. It runs on
 * one thread, row by row (about a million narrow rows a second here): meant for many small files.
 *
 * <p>Files a replace tag may still replace (an interval of a backfill, see {@link TagIndex}) are left
 * as they are: a merged file holding rows of several intervals could not be replaced by one of them.
 */
public final class Maintenance {
  /** Snapshot summary key of a compaction: how many files it merged. */
  public static final String COMPACTED = "millrace.compacted-files";
  private static final int ATTEMPTS = 3;

  private Maintenance() {}

  /**
   * Runs under the table's commit lock.
   *
   * @param expire snapshots to expire by (null: none)
   * @param targetFileBytes compact files smaller than this into files of about this size (0: no compaction)
   */
  public static MaintenanceReport run(LocalCatalog catalog, String table, WarehouseRetention expire,
                                      long targetFileBytes) {
    Table t = catalog.require(table);
    Stats before = stats(catalog, t);
    int snapshotsBefore = count(t);
    int[] compacted = {0, 0, 0};
    if (targetFileBytes > 0) {
      compacted = compact(catalog, table, targetFileBytes);
      t = catalog.require(table);
    }
    AtomicInteger deleted = new AtomicInteger();
    AtomicLong deletedBytes = new AtomicLong();
    int expired = 0;
    if (expire != null) {
      List<Long> due = Retention.due(t, expire, System.currentTimeMillis(), 1);
      try {
        expired = Retention.apply(t, due, location -> {
          deleted.incrementAndGet();
          deletedBytes.addAndGet(size(catalog, location));
        });
      } catch (RuntimeException e) {
        catalog.forget(table);
        throw MillraceException.external(e, "Cannot expire snapshots of table '%s': %s", table, e.getMessage());
      }
      t = catalog.require(table);
    }
    catalog.forget(table);
    Stats after = stats(catalog, t);
    return new MaintenanceReport(table, before.files, before.bytes, after.files, after.bytes, after.rows,
        compacted[0], compacted[1], compacted[2], snapshotsBefore, expired, deleted.get(), deletedBytes.get());
  }

  private record Stats(int files, long bytes, long rows) {}

  private static Stats stats(LocalCatalog catalog, Table t) {
    if (t.currentSnapshot() == null) {
      return new Stats(0, 0, 0);
    }
    int files = 0;
    long bytes = 0;
    long rows = 0;
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planWith(TableCommit.SAME_THREAD).planFiles()) {
      for (FileScanTask task : tasks) {
        files++;
        bytes += task.file().fileSizeInBytes();
        rows += task.file().recordCount();
      }
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot list data files of %s: %s", t.name(), e.getMessage());
    }
    return new Stats(files, bytes, rows);
  }

  private static int count(Table t) {
    int n = 0;
    for (Snapshot ignored : t.snapshots()) {
      n++;
    }
    return n;
  }

  private static long size(LocalCatalog catalog, String location) {
    try {
      return Files.size(catalog.paths().resolve(location));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Returns {merged files, written files, tagged files kept}. */
  private static int[] compact(LocalCatalog catalog, String table, long target) {
    for (int attempt = 1; ; attempt++) {
      Table t = catalog.require(table);
      List<Path> written = new ArrayList<>();
      try {
        return compactOnce(catalog, table, t, target, written);
      } catch (ValidationException | CommitFailedException e) {
        // another writer replaced files this compaction read: plan again from the new snapshot
        deleteQuietly(written);
        catalog.forget(table);
        if (attempt >= ATTEMPTS) {
          throw MillraceException.external(e, "Cannot compact table '%s': other writers changed it during %d "
              + "attempts: %s", table, attempt, e.getMessage());
        }
      } catch (MillraceException e) {
        deleteQuietly(written);
        catalog.forget(table);
        throw e;
      } catch (RuntimeException e) {
        deleteQuietly(written);
        catalog.forget(table);
        throw MillraceException.external(e, "Cannot compact table '%s': %s", table, e.getMessage());
      }
    }
  }

  private static int[] compactOnce(LocalCatalog catalog, String table, Table t, long target, List<Path> written) {
    Snapshot current = t.currentSnapshot();
    if (current == null) {
      return new int[] {0, 0, 0};
    }
    Set<String> tagged = TagIndex.taggedFiles(t);
    List<DataFile> small = new ArrayList<>();
    int keptTagged = 0;
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planWith(TableCommit.SAME_THREAD).planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile f = task.file();
        if (f.fileSizeInBytes() >= target) {
          continue;
        }
        if (tagged.contains(f.location())) {
          keptTagged++;
        } else {
          small.add(f.copy());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<List<DataFile>> bins = bins(small, target);
    if (bins.isEmpty()) {
      return new int[] {0, 0, keptTagged};
    }
    Set<DataFile> removed = new HashSet<>();
    Set<DataFile> added = new HashSet<>();
    for (List<DataFile> bin : bins) {
      added.add(merge(catalog, table, t, bin, written));
      removed.addAll(bin);
    }
    RewriteFiles rewrite = t.newRewrite().validateFromSnapshot(current.snapshotId()).rewriteFiles(removed, added);
    rewrite.scanManifestsWith(TableCommit.SAME_THREAD);
    rewrite.set(COMPACTED, String.valueOf(removed.size()));
    rewrite.commit();
    return new int[] {removed.size(), added.size(), keptTagged};
  }

  /** Groups files, smallest first, into bins of about {@code target} bytes; bins of one file are left out. */
  static List<List<DataFile>> bins(List<DataFile> files, long target) {
    List<DataFile> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparingLong(DataFile::fileSizeInBytes));
    List<List<DataFile>> bins = new ArrayList<>();
    List<DataFile> bin = new ArrayList<>();
    long size = 0;
    for (DataFile f : sorted) {
      if (!bin.isEmpty() && size + f.fileSizeInBytes() > target) {
        bins.add(bin);
        bin = new ArrayList<>();
        size = 0;
      }
      bin.add(f);
      size += f.fileSizeInBytes();
    }
    bins.add(bin);
    return bins.stream().filter(b -> b.size() > 1).toList();
  }

  private static DataFile merge(LocalCatalog catalog, String table, Table t, List<DataFile> bin, List<Path> written) {
    Path out = catalog.folder().resolve(table).resolve("data").resolve(UUID.randomUUID() + ".parquet");
    written.add(out);
    try {
      DataWriter<Record> writer = Parquet.writeData(catalog.io().newOutputFile(out.toString()))
          .forTable(t)
          // the engine's files are Snappy; zstd would need a codec library the lake does not ship
          .set(TableProperties.PARQUET_COMPRESSION, "snappy")
          .createWriterFunc(GenericParquetWriter::create)
          .overwrite()
          .build();
      try (writer) {
        for (DataFile f : bin) {
          try (CloseableIterable<Record> rows = Parquet.read(catalog.io().newInputFile(f.location()))
              .project(t.schema())
              .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(t.schema(), fileSchema))
              .build()) {
            rows.forEach(writer::write);
          }
        }
      }
      DataFile merged = writer.toDataFile();
      long expected = bin.stream().mapToLong(DataFile::recordCount).sum();
      if (merged.recordCount() != expected) {
        throw MillraceException.internal(null, "Cannot compact table '%s': wrote %d rows from files holding %d",
            table, merged.recordCount(), expected);
      }
      return merged;
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot compact table '%s': cannot write %s: %s", table, out,
          e.getMessage());
    }
  }

  private static void deleteQuietly(List<Path> files) {
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException ignored) {
        // an orphan file: never listed by any snapshot
      }
    }
  }
}
