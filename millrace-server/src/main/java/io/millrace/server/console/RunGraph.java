package io.millrace.server.console;

import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.NodeAttempt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run laid over the plan's DAG: each node's level, its time in the run (first attempt's start to the
 * last one's end, retries included), the critical path weighted by those times, and what shortening
 * each node would save.
 *
 * <p>Design notes. The critical path is the heaviest upstream-to-downstream chain (no schedule finishes
 * sooner). A node off that path saves nothing when shortened; a node on it saves, if it took no time at
 * all, the difference between the path's weight and the heaviest chain with that node weighing zero
 * (another chain may take over). One dynamic-programming pass over the topological order per node of the
 * critical path: O(path length × (nodes + edges)), milliseconds for a thousand nodes.
 */
final class RunGraph {
  private RunGraph() {}

  /** The run page's nodes, in the plan's topological order. */
  static Result of(List<DagNode> dag, List<NodeAttempt> attempts, List<CheckRecord> checks) {
    Map<String, List<NodeAttempt>> byNode = new LinkedHashMap<>();
    for (NodeAttempt a : attempts) {
      byNode.computeIfAbsent(a.node(), k -> new ArrayList<>()).add(a);
    }
    Map<String, DagNode> nodes = new LinkedHashMap<>();
    for (String n : byNode.keySet()) {   // nodes the plan no longer has come first, with no edges
      nodes.put(n, new DagNode(n, "?", List.of()));
    }
    for (DagNode d : dag) {
      nodes.remove(d.name());
      nodes.put(d.name(), d);
    }
    List<String> order = new ArrayList<>(nodes.keySet());
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      index.put(order.get(i), i);
    }
    int n = order.size();
    int[][] up = new int[n][];
    long[] weight = new long[n];
    int[] level = new int[n];
    for (int i = 0; i < n; i++) {
      int self = i;
      up[i] = nodes.get(order.get(i)).upstream().stream().filter(index::containsKey).mapToInt(index::get)
          .filter(j -> j < self).toArray();
      for (int j : up[i]) {
        level[i] = Math.max(level[i], level[j] + 1);
      }
      weight[i] = span(byNode.get(order.get(i)));
    }
    int[] prev = new int[n];
    long[] best = longest(up, weight, prev);
    int end = -1;
    for (int i = 0; i < n; i++) {
      if (end < 0 || best[i] > best[end]) {
        end = i;
      }
    }
    long total = end < 0 ? 0 : best[end];
    boolean[] critical = new boolean[n];
    List<String> path = new ArrayList<>();
    for (int i = end; i >= 0 && total > 0; i = prev[i]) {
      critical[i] = true;
      path.add(0, order.get(i));
    }
    Map<String, List<CheckRecord>> checksByTable = new HashMap<>();
    for (CheckRecord c : checks) {
      checksByTable.computeIfAbsent(c.table(), k -> new ArrayList<>()).add(c);
    }
    List<NodeView> views = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long saving = 0;
      if (critical[i]) {
        long w = weight[i];
        weight[i] = 0;
        long without = max(longest(up, weight, new int[n]));
        weight[i] = w;
        saving = total - without;
      }
      DagNode d = nodes.get(order.get(i));
      views.add(NodeView.of(d, level[i], byNode.getOrDefault(d.name(), List.of()), weight[i], critical[i], saving,
          checksByTable.getOrDefault(d.name(), List.of())));
    }
    return new Result(views, path, total);
  }

  private static long[] longest(int[][] up, long[] weight, int[] prev) {
    long[] best = new long[up.length];
    for (int i = 0; i < up.length; i++) {
      long b = 0;
      prev[i] = -1;
      for (int j : up[i]) {
        if (prev[i] < 0 || best[j] > b) {
          b = best[j];
          prev[i] = j;
        }
      }
      best[i] = b + weight[i];
    }
    return best;
  }

  private static long max(long[] values) {
    long m = 0;
    for (long v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  /** Milliseconds from the first attempt's start to the last one's end (0 when never run). */
  private static long span(List<NodeAttempt> attempts) {
    if (attempts == null) {
      return 0;
    }
    Instant start = null;
    Instant end = null;
    for (NodeAttempt a : attempts) {
      if (a.startedAt() != null && (start == null || a.startedAt().isBefore(start))) {
        start = a.startedAt();
      }
      if (a.endedAt() != null && (end == null || a.endedAt().isAfter(end))) {
        end = a.endedAt();
      }
    }
    return start == null || end == null ? 0 : Math.max(0, end.toEpochMilli() - start.toEpochMilli());
  }

  /**
   * @param nodes in topological order
   * @param criticalPath from the most upstream node to the most downstream one
   * @param criticalMs the critical path's weight in milliseconds
   */
  record Result(List<NodeView> nodes, List<String> criticalPath, long criticalMs) {}
}
