package io.millrace.core.pipeline.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.NodeState;
import io.millrace.api.run.RunRecord;
import io.millrace.api.spi.RunStore;
import io.millrace.api.spi.Warehouse;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.PlanNode;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what a resumed run skips: nodes whose last attempt in the earlier run succeeded (or was
 * itself skipped) and whose table still exists, minus everything downstream of a node that re-runs.
 */
public final class Resume {
  private Resume() {}

  /** The run to resume: {@code runId}, or the project's latest run for {@code "last"}. */
  public static RunRecord previous(RunStore store, String project, String runId, String lastKeyword) {
    if (lastKeyword.equals(runId)) {
      return store.runs(project, 1).stream().findFirst()
          .orElseThrow(() -> MillraceException.user("Cannot resume project '%s': it has no earlier run", project));
    }
    RunRecord r = store.run(runId).orElseThrow(() ->
        MillraceException.user("Cannot resume run '%s': no run of this project has that id (a run of another project, even of the same name, cannot be resumed)", runId));
    if (!r.project().equals(project)) {
      throw MillraceException.user("Cannot resume run '%s': it belongs to project '%s', not '%s'", runId,
          r.project(), project);
    }
    return r;
  }

  /** Node names to mark SKIPPED, for a run without a data interval. */
  public static Set<String> skipSet(Plan plan, List<NodeAttempt> attempts, Warehouse warehouse) {
    return skipSet(plan, attempts, warehouse, false);
  }

  /**
   * Node names to mark SKIPPED.
   *
   * @param interval true when the resumed run has a data interval: an APPEND export that re-runs
   *     then re-runs its incremental table too (idempotent for one interval), since it exports the
   *     rows the table's run added
   */
  public static Set<String> skipSet(Plan plan, List<NodeAttempt> attempts, Warehouse warehouse, boolean interval) {
    Map<String, NodeAttempt> last = new HashMap<>();
    for (NodeAttempt a : attempts) {
      last.merge(a.node(), a, (x, y) -> y.attempt() >= x.attempt() ? y : x);
    }
    Set<String> rerun = new LinkedHashSet<>();
    for (PlanNode n : plan.nodes()) {
      NodeAttempt a = last.get(n.name());
      boolean ok = a != null && (a.state() == NodeState.SUCCESS || a.state() == NodeState.SKIPPED);
      boolean stored = n.kind() == NodeKind.EXPORT || n.kind() == NodeKind.TRAIN || isView(n) || warehouse.exists(n.name());
      if (!ok || !stored) {
        rerun.add(n.name());
      }
    }
    if (interval) {
      for (PlanNode n : plan.nodes()) {
        if (rerun.contains(n.name()) && n.kind() == NodeKind.EXPORT
            && n.export().mode() == io.millrace.api.project.ExportSpec.Mode.APPEND) {
          PlanNode table = plan.nodes().stream().filter(t -> t.name().equals(n.export().table())).findFirst()
              .orElse(null);
          if (table != null && table.kind() == NodeKind.MODEL
              && table.model().materialized() == io.millrace.api.project.Materialization.INCREMENTAL) {
            rerun.add(table.name());
          }
        }
      }
    }
    Set<String> closure = downstreamClosure(plan, rerun);
    Set<String> skip = new HashSet<>();
    for (PlanNode n : plan.nodes()) {
      if (!closure.contains(n.name())) {
        skip.add(n.name());
      }
    }
    return skip;
  }

  static boolean isView(PlanNode n) {
    return n.kind() == NodeKind.MODEL && n.model().materialized() == io.millrace.api.project.Materialization.VIEW;
  }

  private static Set<String> downstreamClosure(Plan plan, Set<String> roots) {
    Map<String, List<String>> down = new HashMap<>();
    for (PlanNode n : plan.nodes()) {
      for (String up : n.upstream()) {
        down.computeIfAbsent(up, k -> new java.util.ArrayList<>()).add(n.name());
      }
    }
    Set<String> seen = new HashSet<>(roots);
    ArrayDeque<String> work = new ArrayDeque<>(roots);
    while (!work.isEmpty()) {
      for (String d : down.getOrDefault(work.poll(), List.of())) {
        if (seen.add(d)) {
          work.add(d);
        }
      }
    }
    return seen;
  }
}
