package io.millrace.core.math;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups the nodes of a DAG by depth: level 0 holds nodes without upstream; a node's level is one
 * more than its deepest upstream. Nodes of one level do not depend on each other.
 */
public final class Levels {
  private Levels() {}

  /**
   * @param upstream {@code node -> upstream nodes}
   * @return levels in order; within a level, nodes in topological order
   * @throws CycleException when the graph has a cycle
   */
  public static List<List<String>> of(Map<String, ? extends Collection<String>> upstream) {
    List<String> order = TopologicalSort.order(upstream);
    Map<String, Integer> level = new HashMap<>();
    List<List<String>> levels = new ArrayList<>();
    for (String n : order) {
      int l = 0;
      for (String up : upstreamOf(upstream, n)) {
        l = Math.max(l, level.get(up) + 1);
      }
      level.put(n, l);
      while (levels.size() <= l) {
        levels.add(new ArrayList<>());
      }
      levels.get(l).add(n);
    }
    return levels;
  }

  private static Collection<String> upstreamOf(Map<String, ? extends Collection<String>> g, String n) {
    Collection<String> ups = g.get(n);
    return ups == null ? List.of() : ups;
  }
}
