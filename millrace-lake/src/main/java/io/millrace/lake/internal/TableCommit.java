package io.millrace.lake.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.project.WarehouseRetention;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.SnapshotInfo;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;

/**
 * One {@link CommitRequest} as one Iceberg transaction: create the table or evolve its schema,
 * verify the field ids, register the files and replace or append them, with the request's properties
 * in the snapshot summary. Nothing is visible unless every step succeeds.
 *
 * <p>Design notes (why a commit takes milliseconds, not hundreds of them):
 * <ul>
 *   <li>Iceberg runs manifest reading and writing on a shared worker pool whose task loop polls with
 *       10 ms sleeps; a commit of one file has one or two manifests, so it runs them on the calling
 *       thread instead ({@link #SAME_THREAD}).</li>
 *   <li>A tagged append finds the files to replace from the snapshot summaries, not a scan of the
 *       table: every tagged commit replaces all live files of its tag, so the only live files carrying
 *       a tag are those added by the newest ancestor snapshot carrying it ({@link TagIndex}); when no
 *       snapshot carries the tag nothing is read at all.</li>
 *   <li>Plain appends are fast appends (a new manifest, no rewrite of existing ones); overwrites and
 *       tagged appends merge manifests as Iceberg does, and {@link Retention} compacts the rest.</li>
 * </ul>
 * A tagged append validates that no other writer changed the table since the snapshot it read its tag
 * from (two writers replacing one interval would otherwise both commit and duplicate its rows); on
 * such a conflict the whole commit is planned again from the new current snapshot, a few times.
 */
public final class TableCommit {
  /** Snapshot summary key of {@link CommitRequest#replaceTag()}. */
  public static final String TAG = "millrace.tag";
  /** Snapshot summary key marking an OVERWRITE of the whole table (no earlier file stays live). */
  public static final String REPLACED_ALL = "millrace.replaced-all";

  static final ExecutorService SAME_THREAD = SameThreadExecutor.INSTANCE;
  private static final int CONFLICT_RETRIES = 25;
  private int conflicts;

  private final LocalCatalog catalog;
  private final CommitRequest request;
  /** The table as committed (the transaction's view), for the retention check without re-reading it. */
  private Table committed;

  public TableCommit(LocalCatalog catalog, CommitRequest request) {
    this.catalog = catalog;
    this.request = request;
    LocalCatalog.checkName(request.table());
  }

  /**
   * Runs the commit; call under the table's lock. A conflict with another writer (another process on
   * a shared catalog, or another warehouse instance) is retried: Iceberg first re-applies the update
   * on the new metadata a few times itself ({@code commit.retry.*} table properties); a commit that
   * still fails, a tagged append whose validation found the other writer's files, and a table created
   * meanwhile by another writer are planned again from the new current snapshot, after a jittered
   * exponential backoff. Only failures that guarantee nothing was committed are retried
   * ({@link CommitStateUnknownException} is not), so a retry never commits twice.
   */
  public SnapshotInfo run() {
    String name = request.table();
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt();
      } catch (ValidationException | CommitFailedException | AlreadyExistsException e) {
        // another writer changed (or created) the table meanwhile: plan again from what it committed
        catalog.forget(name);
        if (attempt >= CONFLICT_RETRIES) {
          throw MillraceException.external(e, "Cannot commit table '%s': other writers changed it during %d "
              + "attempts: %s", name, attempt, e.getMessage());
        }
        conflicts++;
        pause(attempt);
      } catch (MillraceException e) {
        catalog.forget(name);
        throw e;
      } catch (CommitStateUnknownException | UncheckedIOException e) {
        // the file system or the catalog failed: retrying the run may succeed
        catalog.forget(name);
        throw MillraceException.external(e, "Cannot commit table '%s': %s", name, e.getMessage());
      } catch (RuntimeException e) {
        catalog.forget(name);
        if (isCatalogFailure(e)) {
          throw MillraceException.external(e, "Cannot commit table '%s' to %s: %s", name, catalog.where(),
              SharedCatalogs.rootMessage(e));
        }
        throw MillraceException.internal(e, "Cannot commit table '%s': %s", name, e.getMessage());
      }
    }
  }

  /** How many times this commit was planned again after a conflict with another writer. */
  public int conflicts() {
    return conflicts;
  }

  /** A database or network failure of a shared catalog (retryable by running again). */
  private static boolean isCatalogFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException || t instanceof org.apache.iceberg.jdbc.UncheckedSQLException
          || t instanceof org.apache.iceberg.exceptions.RESTException
          || t instanceof org.apache.iceberg.exceptions.ServiceFailureException
          || t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Expires snapshots past the retention after a successful commit. Call under the table's lock. A
   * failure here does not undo the commit: it is logged and the next commit tries again.
   */
  public void expire(WarehouseRetention retention) {
    long now = System.currentTimeMillis();
    if (committed == null || Retention.due(committed, retention, now).isEmpty()) {
      return;   // the usual case: decided from the committed metadata, nothing read
    }
    try {
      catalog.find(request.table()).ifPresent(t -> Retention.apply(t, retention, now));
    } catch (RuntimeException e) {
      catalog.forget(request.table());
      System.getLogger(TableCommit.class.getName()).log(System.Logger.Level.WARNING,
          "Cannot expire old snapshots of table '" + request.table() + "' (retried after the next commit)", e);
    }
  }

  private SnapshotInfo attempt() {
    Optional<Table> existing = catalog.find(request.table());
    SchemaChange change = existing.map(t -> SchemaChange.plan(t, request.schema())).orElse(null);
    if (change != null && change.isEmpty()) {
      // the usual case: no schema change, so no transaction (whose completion reads the new manifest
      // list back to decide what to clean up)
      Table table = existing.get();
      verify(table.schema(), change.fieldIds());
      List<DataFile> files = dataFiles(table);
      SnapshotUpdate<?> update = replaceOrAppend(new Target(table::newFastAppend, table::newAppend, table::newOverwrite), table, files);
      commit(update);
      committed = table;
      return Snapshots.info(table.currentSnapshot());
    }
    Transaction txn = change != null ? evolve(existing.get(), change) : create();
    List<DataFile> files = dataFiles(txn.table());
    Target target = new Target(txn::newFastAppend, txn::newAppend, txn::newOverwrite);
    commit(existing.isPresent() ? replaceOrAppend(target, existing.get(), files) : append(target, null, files));
    txn.commitTransaction();
    // the transaction's table now holds the committed metadata: no need to re-read it
    committed = txn.table();
    return Snapshots.info(committed.currentSnapshot());
  }

  /** Where a snapshot update is made: the table itself, or a transaction that also changes its schema. */
  private record Target(Supplier<AppendFiles> fastAppend, Supplier<AppendFiles> mergeAppend,
                        Supplier<OverwriteFiles> overwrite) {}

  /**
   * Fast appends add one manifest each and never merge, so a table that only appends would list
   * one more manifest per commit (read by every scan and rewritten in every manifest list); once
   * the current snapshot has this many, the next append is a merging one, which folds the small
   * manifests into one (Iceberg's {@code commit.manifest.min-count-to-merge}, 100).
   */
  static final int MERGE_AT_MANIFESTS = 100;

  private void commit(SnapshotUpdate<?> update) {
    update.scanManifestsWith(SAME_THREAD);
    update.writeManifestsWith(SAME_THREAD, 1);
    request.properties().forEach(update::set);
    if (request.replaceTag() != null) {
      update.set(TAG, request.replaceTag());
    }
    if (request.mode() == CommitRequest.Mode.OVERWRITE) {
      update.set(REPLACED_ALL, "true");
    }
    if (request.condition() != null) {
      // Iceberg runs this on the metadata each attempt applies to (refreshed after a conflict), so no
      // other commit lands between the check and ours; a refusal is thrown through as the caller's
      update.validateWith(ancestors -> {
        request.condition().check(() -> StreamSupport.stream(ancestors.spliterator(), false)
            .map(s -> s.summary() == null ? Map.<String, String>of() : s.summary()).iterator());
        return true;
      });
    }
    update.commit();
  }

  /** Exponential backoff with full jitter: up to 10 ms after the first conflict, at most 1 s later. */
  private static void pause(int attempt) {
    int bound = (int) Math.min(1000, 10L << Math.min(attempt - 1, 10));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextInt(1, bound + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw MillraceException.external(e, "Interrupted while retrying a commit");
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
    verify(txn.table().schema(), ids);
    return txn;
  }

  private Transaction evolve(Table table, SchemaChange change) {
    Transaction txn = table.newTransaction();
    if (!change.isEmpty()) {
      UpdateSchema update = txn.updateSchema();
      change.apply(update);
      update.commit();
    }
    verify(txn.table().schema(), change.fieldIds());
    return txn;
  }

  /** The engine wrote the files with the predicted ids: a different outcome must not be committed. */
  private void verify(org.apache.iceberg.Schema staged, Map<String, Integer> predicted) {
    String problem = SchemaChange.mismatch(staged, request.schema(), predicted);
    if (problem != null) {
      throw MillraceException.internal(null, "Cannot commit table '%s': evolved schema differs from the "
          + "predicted field ids: %s", request.table(), problem);
    }
  }

  private static SnapshotUpdate<?> append(Target target, Table base, List<DataFile> files) {
    Snapshot current = base == null ? null : base.currentSnapshot();
    boolean merge = current != null && current.allManifests(base.io()).size() >= MERGE_AT_MANIFESTS;
    AppendFiles append = merge ? target.mergeAppend().get() : target.fastAppend().get();
    files.forEach(append::appendFile);
    return append;
  }

  /**
   * OVERWRITE deletes every live file (by an always-true row filter, which Iceberg resolves from the
   * manifests while committing, so the files need not be listed first); APPEND with a tag deletes the
   * live files of the same tag, validated against concurrent writers. {@code base} is the table the
   * transaction started from (a transaction's table cannot be read).
   */
  private SnapshotUpdate<?> replaceOrAppend(Target target, Table base, List<DataFile> files) {
    if (request.mode() == CommitRequest.Mode.OVERWRITE) {
      OverwriteFiles op = target.overwrite().get().overwriteByRowFilter(Expressions.alwaysTrue());
      files.forEach(op::addFile);
      return op;
    }
    if (request.replaceTag() == null) {
      return append(target, base, files);
    }
    OverwriteFiles op = target.overwrite().get();
    Snapshot current = base.currentSnapshot();
    if (current != null) {
      TagIndex.liveFiles(base, request.replaceTag()).forEach(op::deleteFile);
      op.validateFromSnapshot(current.snapshotId())
          .conflictDetectionFilter(Expressions.alwaysTrue())
          .validateNoConflictingData()
          .validateNoConflictingDeletes();
    }
    files.forEach(op::addFile);
    return op;
  }
}
