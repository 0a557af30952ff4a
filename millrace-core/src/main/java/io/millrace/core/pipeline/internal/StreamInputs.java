package io.millrace.core.pipeline.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.Warehouse;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.PlanNode;
import java.util.List;
import java.util.Set;

/**
 * The tables stream jobs write, as inputs of a batch run ({@link NodeKind#STREAM} nodes). A run reads
 * each at its latest committed snapshot, pinned when its node runs (a job still running may commit
 * later ones meanwhile); the snapshot read is recorded as the node's snapshot id.
 */
public final class StreamInputs {
  private StreamInputs() {}

  /**
   * Refuses a run, before any data moves, that reads a stream table its job has not written yet.
   *
   * @param skip nodes the run skips (resumed runs): their tables are not read by this run's nodes
   * @throws MillraceException USER naming the table, the job, the models reading it and the command to run
   */
  public static void requireWritten(Plan plan, Warehouse warehouse, Set<String> skip) {
    for (PlanNode n : plan.nodes()) {
      if (n.kind() == NodeKind.STREAM && !skip.contains(n.name()) && latest(warehouse, n.name()) == null) {
        throw notWritten(plan, n.name());
      }
    }
  }

  /** Registers the table's latest snapshot in the engine under its name; returns what was read. */
  static NodeWork read(RunContext run, PlanNode node, EngineSession session) {
    SnapshotInfo s = latest(run.warehouse, node.name());
    if (s == null) {
      throw notWritten(run.plan, node.name());
    }
    TableSchema schema = run.warehouse.schema(node.name(), s.snapshotId());
    session.registerTable(node.name(), schema, run.warehouse.files(node.name(), s.snapshotId()),
        run.warehouse.fieldIds(node.name(), s.snapshotId()));
    return new NodeWork(s.totalRows(), 0, 0, 0, s.snapshotId(), List.of());
  }

  private static SnapshotInfo latest(Warehouse warehouse, String table) {
    if (!warehouse.exists(table)) {
      return null;
    }
    List<SnapshotInfo> snapshots = warehouse.snapshots(table);
    return snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1);
  }

  private static MillraceException notWritten(Plan plan, String table) {
    StreamJobSpec job = plan.project().streamJobWriting(table).orElseThrow();
    List<String> readers = plan.nodes().stream().filter(n -> n.upstream().contains(table)).map(PlanNode::name).toList();
    return MillraceException.user("Cannot run project '%s': %s %s read%s '%s', a table of stream job '%s' that it has "
            + "not written yet; run `millrace stream %s --job %s` first (or `--replay N` to try it on generated events)",
        plan.project().name(), readers.size() == 1 ? "node" : "nodes", String.join(", ", readers),
        readers.size() == 1 ? "s" : "", table, job.name(), plan.project().root(), job.name());
  }
}
