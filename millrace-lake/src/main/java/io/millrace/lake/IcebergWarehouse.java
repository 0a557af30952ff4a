package io.millrace.lake;

import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.WarehouseRetention;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.TableInfo;
import io.millrace.api.spi.Warehouse;
import io.millrace.api.project.WarehouseCatalog;
import io.millrace.lake.internal.LocalCatalog;
import io.millrace.lake.internal.Maintenance;
import io.millrace.lake.internal.SchemaChange;
import io.millrace.lake.internal.SchemaMapping;
import io.millrace.lake.internal.Snapshots;
import io.millrace.lake.internal.TableCommit;
import io.millrace.lake.internal.TableFiles;
import io.millrace.lake.internal.TableRecovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * A {@link Warehouse} of Apache Iceberg tables in a local folder: table {@code t} lives in
 * {@code <folder>/t/} (metadata in {@code metadata/}, Parquet files in {@code data/}). Tables are
 * Iceberg format v2, unpartitioned, copy-on-write (never delete files), so a snapshot's rows are
 * exactly its data files and any Parquet reader can read them by the list {@link #files} returns.
 *
 * <p>The catalog that points to each table's current metadata is chosen by {@link WarehouseCatalog}:
 * by default the folder itself (Iceberg's path-based tables, one machine); or Iceberg's JDBC catalog
 * (PostgreSQL), which several processes and engines share, conflicts retried; or an Iceberg REST
 * catalog. The files stay in the folder in every case (a shared mount when writers are on several
 * machines).
 *
 * <p>Thread-safe: commits to different tables run in parallel, commits to one table are serialized,
 * and readers never wait for a commit in progress (they see the last completed one). Another process
 * or warehouse instance may commit to the same folder: each commit is atomic, a tagged append that
 * raced another writer is planned again from the new snapshot, and a commit that keeps losing fails
 * with an EXTERNAL (retryable) error.
 *
 * <p>The folder may be moved or copied: locations recorded in the metadata resolve inside the folder
 * the warehouse is opened from, and no file outside it is ever read. Old snapshots are expired after
 * each commit by the {@link WarehouseRetention}. A table whose metadata is corrupt is left out of
 * {@link #tables} (see {@link #unreadableTables}), fails with a USER error naming it on every other
 * call, and can be rolled back ({@link #recover}) or dropped ({@link #drop}).
 *
 * <p>Table names are letters, digits and {@code _} (USER error otherwise).
 */
public final class IcebergWarehouse implements Warehouse {
  static {
    // Iceberg's worker pool registers a JVM shutdown hook when its class is first used, which throws
    // once shutdown has begun: a stream job's first commit made after Ctrl-C (its final drain) would
    // fail with "Shutdown in progress". Initialise it while the JVM is still running.
    org.apache.iceberg.util.ThreadPools.getWorkerPool();
  }

  private final LocalCatalog catalog;
  private final WarehouseRetention retention;
  private final java.util.concurrent.atomic.AtomicLong conflicts = new java.util.concurrent.atomic.AtomicLong();

  private IcebergWarehouse(LocalCatalog catalog, WarehouseRetention retention) {
    this.catalog = catalog;
    this.retention = retention;
  }

  /** Opens the warehouse with the default retention ({@link WarehouseRetention#DEFAULT}). */
  public static IcebergWarehouse open(Path folder) {
    return open(folder, WarehouseRetention.DEFAULT);
  }

  /**
   * Opens the warehouse in {@code folder}, creating the folder when missing.
   *
   * @throws MillraceException EXTERNAL when the folder cannot be created
   */
  public static IcebergWarehouse open(Path folder, WarehouseRetention retention) {
    return new IcebergWarehouse(LocalCatalog.open(folder), retention);
  }

  /**
   * Opens the warehouse a catalog setting names: the local folder, or a JDBC or REST catalog whose
   * tables' files live in {@link WarehouseCatalog#location()} (created when missing), with the
   * catalog's namespace created when missing.
   *
   * @throws MillraceException EXTERNAL when the folder cannot be created or the catalog not reached
   */
  public static IcebergWarehouse open(WarehouseCatalog catalog, WarehouseRetention retention) {
    return new IcebergWarehouse(LocalCatalog.open(catalog), retention);
  }

  /** The warehouse folder (absolute). */
  public Path folder() {
    return catalog.folder();
  }

  /**
   * How many times commits of this instance were planned again because another writer committed
   * to the same table first (Iceberg's own quick re-applies of an append are not counted).
   */
  public long commitConflicts() {
    return conflicts.get();
  }

  /** The catalog setting the warehouse was opened with. */
  public WarehouseCatalog catalog() {
    return catalog.spec();
  }

  /**
   * Maintains one table on demand: compacts its small files (when {@code targetFileBytes > 0}) into a
   * new snapshot with the same rows, then expires the snapshots {@code expire} allows (when not null;
   * unlike the expiry after each commit, even a single one), deleting the files only they referenced.
   * Safe while other processes commit to the table: a compaction that raced a writer replacing the
   * same files is planned again.
   *
   * @throws MillraceException USER when there is no such table; EXTERNAL when the storage or the
   *     catalog fails (the table stays as it was, or as the completed step left it)
   */
  public MaintenanceReport maintain(String table, WarehouseRetention expire, long targetFileBytes) {
    return catalog.locked(table, () -> Maintenance.run(catalog, table, expire, targetFileBytes));
  }

  /** {@inheritDoc} A table without snapshot has snapshot id 0 and a null last commit. */
  @Override
  public List<TableInfo> tables() {
    List<TableInfo> infos = new ArrayList<>();
    for (String name : catalog.names()) {
      try {
        catalog.read(name, t -> t.map(table -> infos.add(Snapshots.table(name, table))));
      } catch (MillraceException e) {
        // reported by unreadableTables(); the other tables stay usable
      }
    }
    return infos;
  }

  @Override
  public Map<String, MillraceException> unreadableTables() {
    Map<String, MillraceException> bad = new LinkedHashMap<>();
    for (String name : catalog.names()) {
      try {
        catalog.read(name, t -> t.map(Table::currentSnapshot));
      } catch (MillraceException e) {
        bad.put(name, e);
      }
    }
    return bad;
  }

  @Override
  public boolean exists(String table) {
    return catalog.read(table, Optional::isPresent);
  }

  @Override
  public Optional<TableSchema> schema(String table) {
    return catalog.read(table, t -> t.map(x -> SchemaMapping.toLogical(table, x.schema())));
  }

  /** {@inheritDoc} Ids of a new table are 1..n in column order. */
  @Override
  public Map<String, Integer> fieldIds(String table, TableSchema schema) {
    return catalog.read(table, t -> t.map(x -> SchemaChange.plan(x, schema).fieldIds())
        .orElseGet(() -> SchemaChange.freshIds(schema)));
  }

  @Override
  public TableSchema schema(String table, long snapshotId) {
    return catalog.read(table, t -> SchemaMapping.toLogical(table, snapshotSchema(table, t, snapshotId)));
  }

  @Override
  public Map<String, Integer> fieldIds(String table, long snapshotId) {
    return catalog.read(table, t -> {
      Map<String, Integer> ids = new LinkedHashMap<>();
      snapshotSchema(table, t, snapshotId).columns().forEach(f -> ids.put(f.name(), f.fieldId()));
      return ids;
    });
  }

  private Schema snapshotSchema(String name, Optional<Table> table, long snapshotId) {
    Table t = table.orElseThrow(() -> catalog.noSuchTable(name));
    Snapshot s = snapshot(name, t, snapshotId);
    Integer id = s.schemaId();
    return id == null || !t.schemas().containsKey(id) ? t.schema() : t.schemas().get(id);
  }

  /**
   * {@inheritDoc} {@code <folder>/<table>/data/<uuid>.parquet}; the folders are created. (With a shared
   * catalog too: its tables are created at {@code <location>/<table>}.)
   */
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
   * {@code millrace.tag} replaced). Zero files is allowed (OVERWRITE then empties the table). The
   * request's properties are in the new snapshot's {@link SnapshotInfo#summary()}. Afterwards,
   * snapshots past the retention are expired.
   *
   * @throws MillraceException INTERNAL when a file is missing or does not carry the predicted ids;
   *     USER when the table's metadata is corrupt; EXTERNAL when the file system or concurrent
   *     writers make the commit fail. The previous snapshot stays current in every failure.
   */
  @Override
  public SnapshotInfo commit(CommitRequest request) {
    TableCommit commit = new TableCommit(catalog, request);
    return catalog.locked(request.table(), () -> {
      SnapshotInfo done;
      try {
        done = commit.run();
      } finally {
        conflicts.addAndGet(commit.conflicts());
      }
      commit.expire(retention);
      catalog.shareWithReaders(request.table());
      return done;
    });
  }

  /**
   * {@inheritDoc}
   *
   * @throws MillraceException USER when a listed file is missing (deleted outside Millrace)
   */
  @Override
  public List<Path> files(String table) {
    return catalog.read(table, t -> {
      Table x = t.orElseThrow(() -> catalog.noSuchTable(table));
      return x.currentSnapshot() == null ? List.of() : TableFiles.list(catalog, table, x.newScan());
    });
  }

  /**
   * {@inheritDoc}
   *
   * @throws MillraceException USER naming the table and its snapshot ids when there is no such table
   *     or snapshot, or when a listed file is missing
   */
  @Override
  public List<Path> files(String table, long snapshotId) {
    return catalog.read(table, t -> {
      Table x = t.orElseThrow(() -> catalog.noSuchTable(table));
      snapshot(table, x, snapshotId);
      return TableFiles.list(catalog, table, x.newScan().useSnapshot(snapshotId));
    });
  }

  private static Snapshot snapshot(String name, Table t, long snapshotId) {
    Snapshot s = t.snapshot(snapshotId);
    if (s == null) {
      throw MillraceException.user("Cannot read table '%s' at snapshot %d: no such snapshot (snapshots: %s)",
          name, snapshotId, Snapshots.all(t).stream().map(x -> String.valueOf(x.snapshotId())).toList());
    }
    return s;
  }

  /** {@inheritDoc} Empty when the table did not exist yet at {@code time}. */
  @Override
  public Optional<Long> snapshotAsOf(String table, Instant time) {
    return catalog.read(table, t -> Optional.ofNullable(SnapshotUtil.nullableSnapshotIdAsOfTime(
        t.orElseThrow(() -> catalog.noSuchTable(table)), time.toEpochMilli())));
  }

  @Override
  public List<SnapshotInfo> snapshots(String table) {
    return catalog.read(table, t -> Snapshots.all(t.orElseThrow(() -> catalog.noSuchTable(table))));
  }

  @Override
  public String recover(String table) {
    return catalog.locked(table, () -> TableRecovery.recover(catalog, table));
  }

  @Override
  public String drop(String table) {
    return catalog.locked(table, () -> {
      Path moved = TableRecovery.drop(catalog, table);
      if (!catalog.isLocal() && !moved.startsWith(catalog.folder().resolve(".dropped"))) {
        return String.format("Dropped table '%s' from %s (it had no files in %s)", table, catalog.where(), moved);
      }
      return String.format("Dropped table '%s'%s: its files were moved to %s (delete that folder once you no "
          + "longer need them)", table, catalog.isLocal() ? "" : " from " + catalog.where(), moved);
    });
  }

  @Override
  public void close() {
    catalog.close();
  }
}
