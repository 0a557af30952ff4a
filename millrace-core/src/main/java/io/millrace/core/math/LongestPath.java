package io.millrace.core.math;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The heaviest chain of a DAG with node weights (the critical path: no schedule can finish sooner
 * than its weight). Dynamic programming over a topological order, O(nodes + edges).
 */
public final class LongestPath {
  private LongestPath() {}

  /**
   * @param upstream {@code node -> upstream nodes}
   * @param weights node weights; a node without one weighs {@code defaultWeight}
   * @param defaultWeight weight of nodes absent from {@code weights} (must be >= 0)
   * @return the heaviest path; ties go to the path ending first in topological order. Empty for an
   *     empty graph.
   * @throws CycleException when the graph has a cycle
   */
  public static WeightedPath of(Map<String, ? extends Collection<String>> upstream,
                                Map<String, Long> weights, long defaultWeight) {
    if (defaultWeight < 0) {
      throw new IllegalArgumentException("Cannot weigh nodes: negative default weight " + defaultWeight);
    }
    Map<String, Long> best = new HashMap<>();
    Map<String, String> previous = new HashMap<>();
    String end = null;
    for (String n : TopologicalSort.order(upstream)) {
      long own = weights.getOrDefault(n, defaultWeight);
      if (own < 0) {
        throw new IllegalArgumentException("Cannot weigh node '" + n + "': negative weight " + own);
      }
      long upBest = 0;
      String upNode = null;
      for (String up : upstreamOf(upstream, n)) {
        if (upNode == null || best.get(up) > upBest) {
          upBest = best.get(up);
          upNode = up;
        }
      }
      best.put(n, upBest + own);
      previous.put(n, upNode);
      if (end == null || best.get(n) > best.get(end)) {
        end = n;
      }
    }
    if (end == null) {
      return new WeightedPath(List.of(), 0);
    }
    List<String> path = new ArrayList<>();
    for (String n = end; n != null; n = previous.get(n)) {
      path.add(n);
    }
    Collections.reverse(path);
    return new WeightedPath(path, best.get(end));
  }

  private static Collection<String> upstreamOf(Map<String, ? extends Collection<String>> g, String n) {
    Collection<String> ups = g.get(n);
    return ups == null ? List.of() : ups;
  }
}
