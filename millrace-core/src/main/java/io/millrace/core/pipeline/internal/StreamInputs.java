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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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
    List<String> missing = plan.nodes().stream()
        .filter(n -> n.kind() == NodeKind.STREAM && !skip.contains(n.name()) && latest(warehouse, n.name()) == null)
        .map(PlanNode::name).toList();
    if (!missing.isEmpty()) {
      throw notWritten(plan, missing);
    }
  }

  /** Registers the table's latest snapshot in the engine under its name; returns what was read. */
  static NodeWork read(RunContext run, PlanNode node, EngineSession session) {
    SnapshotInfo s = latest(run.warehouse, node.name());
    if (s == null) {
      throw notWritten(run.plan, List.of(node.name()));
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

  private static MillraceException notWritten(Plan plan, List<String> tables) {
    Set<String> jobs = new LinkedHashSet<>();
    List<String> what = new ArrayList<>();
    for (String table : tables) {
      String job = plan.project().streamJobWriting(table).orElseThrow().name();
      jobs.add(job);
      List<String> readers = plan.nodes().stream().filter(n -> n.upstream().contains(table)).map(PlanNode::name).toList();
      what.add("'" + table + "' of job '" + job + "' (read by " + String.join(", ", readers) + ")");
    }
    String commands = jobs.stream().map(j -> "`millrace stream " + plan.project().root() + " --job " + j + "`")
        .collect(Collectors.joining(" and "));
    return MillraceException.user("Cannot run project '%s': it reads stream tables not written yet: %s; run %s first "
        + "(or `--replay N` to try it on generated events)", plan.project().name(), String.join(", ", what), commands);
  }
}
