package io.millrace.core.math;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Topological order of a dependency graph given as {@code node -> upstream nodes}.
 *
 * <p>Kahn's algorithm, O(nodes + edges). The order is deterministic: among nodes that are ready at
 * the same time, the one that comes first in the map's iteration order goes first. Upstream names
 * that are not keys of the map are treated as nodes without upstream of their own.
 */
public final class TopologicalSort {
  private TopologicalSort() {}

  /**
   * @return every node (keys and upstream names) with each node after all of its upstream
   * @throws CycleException naming one cycle when there is one
   */
  public static List<String> order(Map<String, ? extends Collection<String>> upstream) {
    Map<String, List<String>> graph = normalize(upstream);
    Map<String, Integer> indegree = new HashMap<>();
    Map<String, List<String>> downstream = new HashMap<>();
    for (Map.Entry<String, List<String>> e : graph.entrySet()) {
      indegree.put(e.getKey(), e.getValue().size());
      for (String up : e.getValue()) {
        downstream.computeIfAbsent(up, k -> new ArrayList<>()).add(e.getKey());
      }
    }
    Map<String, Integer> rank = new HashMap<>();
    for (String n : graph.keySet()) {
      rank.put(n, rank.size());
    }
    // A priority on the original rank keeps the order stable and readable (sources first as declared).
    java.util.PriorityQueue<String> ready = new java.util.PriorityQueue<>(
        java.util.Comparator.comparingInt(rank::get));
    for (Map.Entry<String, Integer> e : indegree.entrySet()) {
      if (e.getValue() == 0) {
        ready.add(e.getKey());
      }
    }
    List<String> order = new ArrayList<>(graph.size());
    while (!ready.isEmpty()) {
      String n = ready.poll();
      order.add(n);
      for (String down : downstream.getOrDefault(n, List.of())) {
        if (indegree.merge(down, -1, Integer::sum) == 0) {
          ready.add(down);
        }
      }
    }
    if (order.size() < graph.size()) {
      throw new CycleException(findCycle(graph, new HashSet<>(order)));
    }
    return order;
  }

  /** Keys first in their order, then upstream-only names in first-seen order; edges deduplicated. */
  static Map<String, List<String>> normalize(Map<String, ? extends Collection<String>> upstream) {
    Map<String, List<String>> graph = new LinkedHashMap<>();
    for (Map.Entry<String, ? extends Collection<String>> e : upstream.entrySet()) {
      graph.put(e.getKey(), new ArrayList<>(new java.util.LinkedHashSet<>(e.getValue())));
    }
    for (Collection<String> ups : upstream.values()) {
      for (String up : ups) {
        graph.putIfAbsent(up, new ArrayList<>());
      }
    }
    return graph;
  }

  /**
   * Walks upstream edges from a node left over by Kahn's algorithm until a node repeats. Every
   * leftover node has a leftover upstream, so the walk always closes a cycle.
   */
  private static List<String> findCycle(Map<String, List<String>> graph, Set<String> sorted) {
    String start = graph.keySet().stream().filter(n -> !sorted.contains(n)).findFirst().orElseThrow();
    List<String> path = new ArrayList<>();
    Map<String, Integer> position = new HashMap<>();
    String n = start;
    while (!position.containsKey(n)) {
      position.put(n, path.size());
      path.add(n);
      n = graph.get(n).stream().filter(up -> !sorted.contains(up)).findFirst().orElseThrow();
    }
    // path holds downstream -> upstream; a cycle reads naturally in data-flow order (a -> b: b reads a).
    Deque<String> cycle = new ArrayDeque<>();
    for (int i = position.get(n); i < path.size(); i++) {
      cycle.addFirst(path.get(i));
    }
    cycle.addLast(cycle.getFirst());
    return List.copyOf(cycle);
  }
}
