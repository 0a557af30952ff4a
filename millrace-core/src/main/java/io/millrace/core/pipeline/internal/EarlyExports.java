package io.millrace.core.pipeline.internal;

import io.millrace.api.TableSchema;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.StagedExport;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.PlanNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;

/**
 * Exports that start while their table commits. A table model's REPLACE exports only read the rows it
 * is about to commit, so once its final Parquet file exists they are copied, on a thread of their own,
 * into a staging place of their target that no reader sees ({@link EngineSession#stageExport}). The
 * export node, which runs after the commit as before, then only publishes them (for SQLite: drop the
 * old table and rename the staging one, in one transaction). A failed commit discards them, and so
 * does the end of the run for any its export node did not take, so nothing is published before its
 * table's commit. Staging holds the target's export lock, so exports to one SQLite file still write
 * one at a time.
 */
final class EarlyExports {
  private static final System.Logger LOG = System.getLogger(EarlyExports.class.getName());
  /** {@code -Dmillrace.early-exports=false} turns this off (each export then copies after the commit). */
  static final boolean ENABLED = !"false".equals(System.getProperty("millrace.early-exports"));

  private record Early(String table, String target, TableSchema schema, CompletableFuture<Optional<StagedExport>> staged) { }

  private final RunContext run;
  /** By export node. */
  private final Map<String, Early> started = new ConcurrentHashMap<>();

  EarlyExports(RunContext run) {
    this.run = run;
  }

  /**
   * Starts staging the REPLACE exports of {@code model}, whose rows are those of {@code file} (about
   * to be committed with {@code schema} and {@code fieldIds}).
   */
  void start(PlanNode model, Path file, TableSchema schema, Map<String, Integer> fieldIds) {
    if (!ENABLED) {
      return;
    }
    for (PlanNode export : run.downstreamOf(model.name())) {
      if (export.kind() == NodeKind.EXPORT && export.export().mode() == ExportSpec.Mode.REPLACE
          && export.export().table().equals(model.name()) && !started.containsKey(export.name())) {
        CompletableFuture<Optional<StagedExport>> staged = new CompletableFuture<>();
        started.put(export.name(), new Early(model.name(), export.export().target(), schema, staged));
        Thread t = new Thread(() -> stage(export, file, schema, fieldIds, staged), "millrace-early-" + export.name());
        t.setDaemon(true);
        t.start();
      }
    }
  }

  private void stage(PlanNode export, Path file, TableSchema schema, Map<String, Integer> fieldIds,
                     CompletableFuture<Optional<StagedExport>> result) {
    ExportSpec spec = export.export();
    String relation = "__early_" + export.name().replaceAll("[^A-Za-z0-9_]", "_");
    Lock lock = run.exportLock(spec.target());
    try (EngineSession session = run.engine.session()) {
      lock.lockInterruptibly();
      try {
        // the table as it will be registered after its commit: the same rows, names and types
        session.registerTable(relation, schema, List.of(file), fieldIds);
        try {
          result.complete(run.times.time(PhaseTimes.EXPORT,
              () -> session.stageExport(spec, "SELECT * FROM " + Sql.ident(relation))));
        } finally {
          session.drop(relation);
        }
      } finally {
        lock.unlock();
      }
    } catch (Throwable e) {   // the export node then copies after the commit, as without staging
      LOG.log(System.Logger.Level.DEBUG, "Cannot stage export " + export.name() + ": " + e, e);
      result.complete(Optional.empty());
    }
  }

  /**
   * The export node's staged rows, waiting for the staging to finish; empty when none were staged,
   * or when the table's committed schema is not the one they were staged with (they are discarded).
   */
  Optional<StagedExport> take(String exportNode, Optional<TableSchema> committed) {
    Early early = started.remove(exportNode);
    if (early == null) {
      return Optional.empty();
    }
    Optional<StagedExport> staged = early.staged().join();
    if (staged.isPresent() && !committed.equals(Optional.of(early.schema()))) {
      staged.get().discard();
      return Optional.empty();
    }
    return staged;
  }

  /** Discards what was staged for {@code table}'s exports: its commit failed. Waits for the staging. */
  void discard(String table) {
    started.entrySet().removeIf(e -> {
      if (!e.getValue().table().equals(table)) {
        return false;
      }
      discardOne(e.getValue());
      return true;
    });
  }

  /** Discards every staged export no export node took (the run ends). Never throws. */
  void discardAll() {
    started.values().removeIf(early -> {
      discardOne(early);
      return true;
    });
  }

  private void discardOne(Early early) {
    Optional<StagedExport> staged = early.staged().join();
    if (staged.isPresent()) {
      Lock lock = run.exportLock(early.target());   // another export may be writing the file
      lock.lock();
      try {
        staged.get().discard();
      } finally {
        lock.unlock();
      }
    }
  }
}
