package io.millrace.lake;

import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.TableInfo;
import io.millrace.api.spi.Warehouse;
import io.millrace.lake.internal.LocalCatalog;
import io.millrace.lake.internal.SchemaChange;
import io.millrace.lake.internal.SchemaMapping;
import io.millrace.lake.internal.Snapshots;
import io.millrace.lake.internal.TableCommit;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * A {@link Warehouse} of Apache Iceberg tables in a local folder: table {@code t} lives in
 * {@code <folder>/t/} (metadata in {@code metadata/}, Parquet files in {@code data/}). Tables are
 * Iceberg format v2, unpartitioned, copy-on-write (never delete files), so a snapshot's rows are
 * exactly its data files and any Parquet reader can read them by the list {@link #files} returns.
 *
 * <p>Thread-safe: commits to different tables run in parallel, commits to one table are serialized.
 * Another process may commit to the same folder (each commit is atomic); a conflicting concurrent
 * commit fails with an EXTERNAL (retryable) error.
 *
 * <p>Table names are letters, digits and {@code _} (USER error otherwise).
 */
public final class IcebergWarehouse implements Warehouse {
  private final LocalCatalog catalog;

  private IcebergWarehouse(LocalCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Opens the warehouse in {@code folder}, creating the folder when missing.
   *
   * @throws MillraceException EXTERNAL when the folder cannot be created
   */
  public static IcebergWarehouse open(Path folder) {
    return new IcebergWarehouse(LocalCatalog.open(folder));
  }

  /** The warehouse folder (absolute). */
  public Path folder() {
    return catalog.folder();
  }

  /** {@inheritDoc} A table without snapshot has snapshot id 0 and a null last commit. */
  @Override
  public List<TableInfo> tables() {
    List<TableInfo> infos = new ArrayList<>();
    for (String name : catalog.names()) {
      catalog.locked(name, () -> catalog.find(name).map(t -> infos.add(Snapshots.table(name, t))));
    }
    return infos;
  }

  @Override
  public boolean exists(String table) {
    return catalog.locked(table, () -> catalog.find(table).isPresent());
  }

  @Override
  public Optional<TableSchema> schema(String table) {
    return catalog.locked(table, () -> catalog.find(table).map(t -> SchemaMapping.toLogical(table, t.schema())));
  }

  /** {@inheritDoc} Ids of a new table are 1..n in column order. */
  @Override
  public Map<String, Integer> fieldIds(String table, TableSchema schema) {
    return catalog.locked(table, () -> catalog.find(table)
        .map(t -> SchemaChange.plan(t, schema).fieldIds())
        .orElseGet(() -> SchemaChange.freshIds(schema)));
  }

  /** {@inheritDoc} {@code <folder>/<table>/data/<uuid>.parquet}; the folders are created. */
  @Override
  public Path newDataFile(String table) {
    Path data = catalog.folder().resolve(LocalCatalog.checkName(table)).resolve("data");
    try {
      Files.createDirectories(data);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot create data folder %s of table '%s': %s", data, table,
          e.getMessage());
    }
    return data.resolve(UUID.randomUUID() + ".parquet");
  }

  /**
   * {@inheritDoc}
   *
   * <p>Steps, in one Iceberg transaction: create the table or evolve its schema (add, delete, int to
   * long promotion, other type changes as delete + add, reorder), check the resulting field ids equal
   * {@link #fieldIds}, check each file's Parquet field ids and types, then OVERWRITE (all live files
   * replaced), APPEND, or APPEND with a replace tag (live files added by snapshots with the same
   * {@code millrace.tag} replaced). Zero files is allowed (OVERWRITE then empties the table).
   *
   * @throws MillraceException INTERNAL when a file is missing or does not carry the predicted ids;
   *     EXTERNAL when the file system or a concurrent writer makes the commit fail. The previous
   *     snapshot stays current in every failure.
   */
  @Override
  public SnapshotInfo commit(CommitRequest request) {
    TableCommit commit = new TableCommit(catalog, request);
    return catalog.locked(request.table(), commit::run);
  }

  @Override
  public List<Path> files(String table) {
    return catalog.locked(table, () -> {
      Table t = catalog.require(table);
      return t.currentSnapshot() == null ? List.of() : plan(t.newScan());
    });
  }

  /**
   * {@inheritDoc}
   *
   * @throws MillraceException USER naming the table and its snapshot ids when there is no such table
   *     or snapshot
   */
  @Override
  public List<Path> files(String table, long snapshotId) {
    return catalog.locked(table, () -> {
      Table t = catalog.require(table);
      if (t.snapshot(snapshotId) == null) {
        throw MillraceException.user("Cannot read table '%s' at snapshot %d: no such snapshot (snapshots: %s)",
            table, snapshotId, Snapshots.all(t).stream().map(s -> String.valueOf(s.snapshotId())).toList());
      }
      return plan(t.newScan().useSnapshot(snapshotId));
    });
  }

  /** {@inheritDoc} Empty when the table did not exist yet at {@code time}. */
  @Override
  public Optional<Long> snapshotAsOf(String table, Instant time) {
    return catalog.locked(table, () ->
        Optional.ofNullable(SnapshotUtil.nullableSnapshotIdAsOfTime(catalog.require(table), time.toEpochMilli())));
  }

  @Override
  public List<SnapshotInfo> snapshots(String table) {
    return catalog.locked(table, () -> Snapshots.all(catalog.require(table)));
  }

  @Override
  public void close() {
    catalog.close();
  }

  private static List<Path> plan(TableScan scan) {
    List<Path> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
      tasks.forEach(task -> files.add(localPath(task.file().location())));
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot list data files of table '%s': %s", scan.table().name(),
          e.getMessage());
    }
    return files;
  }

  private static Path localPath(String location) {
    return location.startsWith("file:") ? Paths.get(URI.create(location)) : Paths.get(location);
  }
}
