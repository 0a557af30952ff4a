package io.millrace.lake.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.SnapshotInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * One {@link CommitRequest} as one Iceberg transaction: create the table or evolve its schema,
 * verify the field ids, register the files and replace or append them, with the request's properties
 * in the snapshot summary. Nothing is visible unless every step succeeds.
 */
public final class TableCommit {
  /** Snapshot summary key of {@link CommitRequest#replaceTag()}. */
  public static final String TAG = "millrace.tag";

  private final LocalCatalog catalog;
  private final CommitRequest request;

  public TableCommit(LocalCatalog catalog, CommitRequest request) {
    this.catalog = catalog;
    this.request = request;
    LocalCatalog.checkName(request.table());
  }

  /** Runs the commit; call under the table's lock. */
  public SnapshotInfo run() {
    String name = request.table();
    try {
      Optional<Table> existing = catalog.find(name);
      Transaction txn = existing.map(this::evolve).orElseGet(this::create);
      List<DataFile> files = dataFiles(txn.table());
      SnapshotUpdate<?> update = existing.isPresent()
          ? replaceOrAppend(txn, existing.get(), files) : append(txn, files);
      request.properties().forEach(update::set);
      if (request.replaceTag() != null) {
        update.set(TAG, request.replaceTag());
      }
      update.commit();
      txn.commitTransaction();
      // the transaction's table now holds the committed metadata: no need to re-read it
      return Snapshots.info(txn.table().currentSnapshot());
    } catch (MillraceException e) {
      catalog.forget(name);
      throw e;
    } catch (CommitFailedException | CommitStateUnknownException | AlreadyExistsException
             | java.io.UncheckedIOException e) {
      // another writer (process) won a race, or the file system failed: retrying may succeed
      catalog.forget(name);
      throw MillraceException.external(e, "Cannot commit table '%s': %s", name, e.getMessage());
    } catch (RuntimeException e) {
      catalog.forget(name);
      throw MillraceException.internal(e, "Cannot commit table '%s': %s", name, e.getMessage());
    }
  }

  private List<DataFile> dataFiles(Table staged) {
    if (new HashSet<>(request.files()).size() != request.files().size()) {
      throw MillraceException.internal(null, "Cannot commit table '%s': the same data file is listed twice "
          + "in %s (its rows would be counted twice)", request.table(), request.files());
    }
    List<DataFile> files = new ArrayList<>();
    for (Path f : request.files()) {
      files.add(ParquetDataFiles.of(staged, request.table(), f));
    }
    return files;
  }

  private Transaction create() {
    Map<String, Integer> ids = SchemaChange.freshIds(request.schema());
    Transaction txn = catalog.createTransaction(request.table(), SchemaMapping.toIceberg(request.schema(), ids));
    verify(txn, ids);
    return txn;
  }

  private Transaction evolve(Table table) {
    SchemaChange change = SchemaChange.plan(table, request.schema());
    Transaction txn = table.newTransaction();
    if (!change.isEmpty()) {
      UpdateSchema update = txn.updateSchema();
      change.apply(update);
      update.commit();
    }
    verify(txn, change.fieldIds());
    return txn;
  }

  /** The engine wrote the files with the predicted ids: a different outcome must not be committed. */
  private void verify(Transaction txn, Map<String, Integer> predicted) {
    String problem = SchemaChange.mismatch(txn.table().schema(), request.schema(), predicted);
    if (problem != null) {
      throw MillraceException.internal(null, "Cannot commit table '%s': evolved schema differs from the "
          + "predicted field ids: %s", request.table(), problem);
    }
  }

  private SnapshotUpdate<?> append(Transaction txn, List<DataFile> files) {
    AppendFiles append = txn.newAppend();
    files.forEach(append::appendFile);
    return append;
  }

  /**
   * OVERWRITE deletes every live file (by an always-true row filter, which Iceberg resolves from the
   * manifests while committing, so the files need not be listed first); APPEND with a tag deletes the
   * live files added by earlier snapshots carrying the same tag. Files are listed from {@code base}
   * (the table the transaction started from) because a transaction's table cannot be scanned.
   */
  private SnapshotUpdate<?> replaceOrAppend(Transaction txn, Table base, List<DataFile> files) {
    if (request.mode() == CommitRequest.Mode.OVERWRITE) {
      OverwriteFiles op = txn.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
      files.forEach(op::addFile);
      return op;
    }
    if (request.replaceTag() == null) {
      return append(txn, files);
    }
    Set<String> replaced = addedByTag(base, request.replaceTag());
    OverwriteFiles op = txn.newOverwrite();
    for (DataFile live : liveFiles(base)) {
      if (replaced.contains(live.location())) {
        op.deleteFile(live);
      }
    }
    files.forEach(op::addFile);
    return op;
  }

  private static List<DataFile> liveFiles(Table table) {
    List<DataFile> files = new ArrayList<>();
    if (table.currentSnapshot() == null) {
      return files;
    }
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(t -> files.add(t.file()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return files;
  }

  private static Set<String> addedByTag(Table table, String tag) {
    Set<String> paths = new HashSet<>();
    for (Snapshot s : table.snapshots()) {
      if (tag.equals(s.summary().get(TAG))) {
        s.addedDataFiles(table.io()).forEach(f -> paths.add(f.location()));
      }
    }
    return paths;
  }
}
