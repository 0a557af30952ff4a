package io.millrace.core.pipeline.internal;

import io.millrace.api.spi.EngineSession;
import io.millrace.core.exec.DagTask;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.PlanNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Plan nodes as executor tasks, and the engine state skipped nodes leave for their downstream. */
public final class Tasks {
  private Tasks() {}

  /**
   * One task per node, prioritized by its bottom level (the heaviest chain of weights from it to a
   * sink), so the critical path starts first when threads are scarce. The weights are the plan's: past
   * durations, or estimates for nodes that have not run yet.
   */
  public static List<DagTask<NodeWork>> of(RunContext run) {
    List<PlanNode> nodes = run.plan.nodes();
    Map<String, Long> bottom = bottomLevels(nodes, run.plan.weights());
    run.priorities(bottom);
    List<DagTask<NodeWork>> tasks = new ArrayList<>(nodes.size());
    for (PlanNode n : nodes) {
      tasks.add(new DagTask<>(n.name(), n.upstream(), n.retry(), bottom.get(n.name()), new NodeBody(run, n)));
    }
    return tasks;
  }

  /**
   * Each node's bottom level: its weight plus the heaviest chain of weights below it to a sink.
   *
   * @param nodes in topological order
   * @param weights per node; a node without one weighs 1
   */
  static Map<String, Long> bottomLevels(List<PlanNode> nodes, Map<String, Long> weights) {
    Map<String, Long> bottom = new HashMap<>();
    Map<String, List<String>> down = new HashMap<>();
    for (PlanNode n : nodes) {
      for (String up : n.upstream()) {
        down.computeIfAbsent(up, k -> new ArrayList<>()).add(n.name());
      }
    }
    for (int i = nodes.size() - 1; i >= 0; i--) {
      String name = nodes.get(i).name();
      long below = down.getOrDefault(name, List.of()).stream().mapToLong(d -> bottom.getOrDefault(d, 0L)).max().orElse(0);
      bottom.put(name, below + weights.getOrDefault(name, 1L));
    }
    return bottom;
  }

  /** Makes skipped nodes' committed tables (and views) visible to the nodes that do run. */
  public static void registerSkipped(RunContext run, Set<String> skip) {
    if (skip.isEmpty()) {
      return;
    }
    skip.forEach(run::done);
    try (EngineSession s = run.engine.session()) {
      for (PlanNode n : run.plan.nodes()) {
        if (!skip.contains(n.name()) || n.kind() == NodeKind.EXPORT || n.kind() == NodeKind.TRAIN) {
          continue;
        }
        if (Resume.isView(n)) {
          s.registerView(n.name(), run.sql(n.name()));
        } else {
          var schema = run.warehouse.schema(n.name()).orElseThrow();
          s.registerTable(n.name(), schema, run.warehouse.files(n.name()), run.warehouse.fieldIds(n.name(), schema));
        }
      }
    }
  }
}
