package io.millrace.core.exec.internal;

import io.millrace.api.MillraceException;
import io.millrace.core.exec.DagTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tasks indexed by position, with downstream adjacency and indegrees, checked for unknown
 * upstream names, duplicates and cycles in O(tasks + edges).
 */
public final class DagGraph<R> {
  final List<DagTask<R>> tasks;
  final int[][] downstream;
  final int[] indegree;

  public DagGraph(List<DagTask<R>> tasks) {
    this.tasks = List.copyOf(tasks);
    int n = this.tasks.size();
    Map<String, Integer> index = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      if (index.put(this.tasks.get(i).name(), i) != null) {
        throw MillraceException.internal(null, "Cannot schedule task '%s': the name is used twice",
            this.tasks.get(i).name());
      }
    }
    List<List<Integer>> down = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      down.add(new ArrayList<>(2));
    }
    indegree = new int[n];
    for (int i = 0; i < n; i++) {
      DagTask<R> t = this.tasks.get(i);
      for (String up : t.upstream()) {
        Integer u = index.get(up);
        if (u == null) {
          throw MillraceException.internal(null, "Cannot schedule task '%s': upstream '%s' is not a task",
              t.name(), up);
        }
        down.get(u).add(i);
        indegree[i]++;
      }
    }
    downstream = new int[n][];
    for (int i = 0; i < n; i++) {
      downstream[i] = down.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    checkAcyclic();
  }

  public int size() {
    return tasks.size();
  }

  private void checkAcyclic() {
    int n = tasks.size();
    int[] remaining = indegree.clone();
    int[] stack = new int[n];
    int top = 0;
    int seen = 0;
    for (int i = 0; i < n; i++) {
      if (remaining[i] == 0) {
        stack[top++] = i;
      }
    }
    while (top > 0) {
      int i = stack[--top];
      seen++;
      for (int d : downstream[i]) {
        if (--remaining[d] == 0) {
          stack[top++] = d;
        }
      }
    }
    if (seen < n) {
      List<String> cycle = new ArrayList<>();
      for (int i = 0; i < n && cycle.size() < 10; i++) {
        if (remaining[i] > 0) {
          cycle.add(tasks.get(i).name());
        }
      }
      throw MillraceException.user("Cannot schedule tasks: they form a cycle through %s", cycle);
    }
  }
}
