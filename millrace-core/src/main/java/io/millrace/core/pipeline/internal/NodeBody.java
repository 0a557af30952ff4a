package io.millrace.core.pipeline.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.Materialization;
import io.millrace.api.project.ModelSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.SourceLoad;
import io.millrace.core.exec.AttemptContext;
import io.millrace.core.exec.TaskBody;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.PlanNode;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;

/**
 * One attempt of one plan node: opens an engine session (cancelled with the attempt), then loads a
 * source, materializes a model, runs an export or makes a stream job's table readable. Each attempt starts from scratch and publishes
 * only through warehouse commits, so retries are safe.
 */
public final class NodeBody implements TaskBody<NodeWork> {
  private final RunContext run;
  private final PlanNode node;

  public NodeBody(RunContext run, PlanNode node) {
    this.run = run;
    this.node = node;
  }

  @Override
  public NodeWork run(AttemptContext attempt) {
    NodeWork work = attempt(attempt);
    run.done(node.name());
    return work;
  }

  private NodeWork attempt(AttemptContext attempt) {
    if (deferredView()) {
      return NodeWork.rows(0, 0, 0);   // defined when first read: no engine work at its node
    }
    AtomicBoolean open = new AtomicBoolean(true);
    try (EngineSession session = io.millrace.core.logs.StatementLog.wrap(run.engine.session(),
             run.plan.project().stateDir(), run.runId, node.name(), attempt.attempt());   // each call in the node's log
         TableWriter writer = new TableWriter(run, session, attempt)) {
      attempt.onCancel(() -> {
        if (open.get()) {
          session.cancel();
        }
      });
      try {
        return switch (node.kind()) {
          case SOURCE -> source(session, writer);
          case MODEL -> model(session, writer);
          case EXPORT -> export(session);
          case STREAM -> StreamInputs.read(run, node, session);
          case TRAIN -> TrainNode.run(run, node, session, attempt);
          case TRAINING_SET -> TrainingSetNode.run(run, node, session, writer);
        };
      } finally {
        open.set(false);
      }
    }
  }

  /** A view with a planned schema and no checks: nothing to do until something reads it. */
  private boolean deferredView() {
    return node.kind() == NodeKind.MODEL && node.model().materialized() == Materialization.VIEW
        && node.schema() != null && run.suites(node, node.schema()).isEmpty();
  }

  private NodeWork source(EngineSession session, TableWriter writer) {
    String load = "__load_" + node.name();
    SourceLoad loaded = run.engineWork(node.name(), PhaseTimes.READ, () -> session.loadSource(node.source(), load));
    boolean kept = false;
    try {
      long rejected = loaded.rejects().size();
      if (rejected > 0) {
        RejectWriter.write(run, session, writer, node.name(), loaded.rejects());
      }
      // the loaded table is already materialized: check it in place rather than staging it twice,
      // and let downstream models read it from memory for the rest of the run
      NodeWork w = writer.writeMaterialized(node, Sql.ident(load), loaded.schema(), loaded.rows());
      run.keepLoaded(node.name(), load);
      kept = true;
      return new NodeWork(loaded.rows() + rejected, w.rowsOut(), rejected, w.quarantined(), w.snapshotId(),
          loaded.rejects().subList(0, (int) Math.min(rejected, NodeWork.SAMPLE)));
    } finally {
      if (!kept) {
        session.drop(load);
      }
    }
  }

  private NodeWork model(EngineSession session, TableWriter writer) {
    ModelSpec model = node.model();
    String sql = run.sql(node.name());
    if (model.materialized() == Materialization.VIEW && node.schema() != null) {
      // its planned schema is its schema; binding it again would expand its ancestry of views
      return view(session, node.schema());
    }
    run.defineViews(node.upstream(), session);
    TableSchema schema = session.describe(sql);
    return switch (model.materialized()) {
      case TABLE -> writer.write(node, sql, schema, TableWriter.Mode.OVERWRITE, List.of());
      case INCREMENTAL -> model.uniqueKey().isEmpty()
          ? writer.write(node, sql, schema, TableWriter.Mode.APPEND, List.of())
          : writer.write(node, sql, schema, TableWriter.Mode.MERGE, model.uniqueKey());
      case VIEW -> view(session, schema);
    };
  }

  /**
   * A view is defined when first read ({@link RunContext#defineViews}): here when it has checks,
   * which run on the view; a blocking failure drops it.
   */
  private NodeWork view(EngineSession session, TableSchema schema) {
    if (run.suites(node, schema).isEmpty()) {
      return NodeWork.rows(0, 0, 0);
    }
    run.defineViews(List.of(node.name()), session);
    Gate gate = QualityGate.run(run, session, node, Sql.ident(node.name()), schema);
    if (gate.blocking() != null) {
      session.drop(node.name());
      run.forgetView(node.name());
      throw MillraceException.user("Cannot define view '%s': %s", node.name(), gate.blocking());
    }
    return NodeWork.rows(0, 0, 0);
  }

  /**
   * What an APPEND export sends: the rows this run added to an incremental table (all rows of a
   * table it rebuilt), tagged with the run's interval so a re-run replaces them in the target.
   */
  private String appended(String table) {
    String rows = run.added(table).map(f -> Sql.readParquet(f)).orElse(Sql.ident(table));
    return "SELECT *, " + Sql.literal(run.appendTag()) + " AS " + Sql.ident(ExportSpec.INTERVAL_COLUMN)
        + " FROM " + rows;
  }

  /**
   * Exports to one target (a SQLite file, a database URL, a file) run one at a time: SQLite takes a
   * single writer, and two writers of one file would interleave.
   */
  private NodeWork export(EngineSession session) {
    Lock lock = run.exportLock(node.export().target());
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("cancelled while waiting for another export to "
          + node.export().target());
    }
    try {
      ExportSpec spec = node.export();
      run.defineViews(List.of(spec.table()), session);
      long rows = run.times.time(PhaseTimes.EXPORT, () -> spec.mode() == ExportSpec.Mode.APPEND
          ? session.export(spec, appended(spec.table()), run.appendTag())
          : session.export(spec, "SELECT * FROM " + Sql.ident(spec.table())));
      return NodeWork.rows(rows, rows, 0);
    } finally {
      lock.unlock();
    }
  }

}
