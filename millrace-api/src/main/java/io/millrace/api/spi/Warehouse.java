package io.millrace.api.spi;

import io.millrace.api.MillraceException;
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
  /** All readable tables, sorted by name (see {@link #unreadableTables} for the others). */
  List<TableInfo> tables();

  /**
   * Tables whose metadata cannot be read, by name, each with the error that says why and how to
   * recover. Such a table is left out of {@link #tables} and does not affect the others.
   */
  default Map<String, MillraceException> unreadableTables() {
    return Map.of();
  }

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

  /**
   * The schema a snapshot was written with (time travel shows a snapshot's own columns).
   *
   * @throws MillraceException USER when there is no such table or snapshot
   */
  default TableSchema schema(String table, long snapshotId) {
    return schema(table).orElseThrow();
  }

  /** The field ids of {@link #schema(String, long)}: read a snapshot's files by these. */
  default Map<String, Integer> fieldIds(String table, long snapshotId) {
    return fieldIds(table, schema(table, snapshotId));
  }

  /**
   * Repairs a table whose metadata cannot be read by rolling it back to its newest readable version.
   *
   * @return what was done, for the user
   * @throws MillraceException USER when no version is readable (then {@link #drop} it)
   */
  default String recover(String table) {
    throw MillraceException.user("Cannot recover table '%s': this warehouse cannot repair tables", table);
  }

  /**
   * Removes a table (moved aside, not deleted: the result says where), so the next run rebuilds it.
   *
   * @return what was done, for the user
   */
  default String drop(String table) {
    throw MillraceException.user("Cannot drop table '%s': this warehouse cannot drop tables", table);
  }

  /** The snapshot current at {@code time}. */
  Optional<Long> snapshotAsOf(String table, Instant time);

  /** Snapshots, oldest first. */
  List<SnapshotInfo> snapshots(String table);

  @Override
  void close();
}
