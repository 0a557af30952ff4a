package io.millrace.api.spi;

import io.millrace.api.TableSchema;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Versioned tables (Iceberg). Readers see only complete commits: a failed or killed writer leaves the
 * previous snapshot current. Thread-safe; concurrent commits to one table are serialized.
 */
public interface Warehouse extends AutoCloseable {
  /** Names of all tables, sorted. */
  List<TableInfo> tables();

  boolean exists(String table);

  /** The current schema, empty when the table does not exist. */
  Optional<TableSchema> schema(String table);

  /**
   * Iceberg field ids to write files of {@code schema} with: the table's ids for columns it has (by
   * name, same type), and the ids the next commit of this schema will assign to new or retyped ones.
   * Does not change the table.
   */
  Map<String, Integer> fieldIds(String table, TableSchema schema);

  /** A fresh path inside the table's data folder for a file to be committed later. */
  Path newDataFile(String table);

  /**
   * Commits files atomically, evolving the schema first when it differs, in one transaction.
   *
   * @return the new snapshot
   */
  SnapshotInfo commit(CommitRequest request);

  /** Data files of the current snapshot (empty when the table has no snapshot). */
  List<Path> files(String table);

  /** Data files of a given snapshot (time travel). */
  List<Path> files(String table, long snapshotId);

  /** The snapshot current at {@code time}. */
  Optional<Long> snapshotAsOf(String table, Instant time);

  /** Snapshots, oldest first. */
  List<SnapshotInfo> snapshots(String table);

  @Override
  void close();
}
