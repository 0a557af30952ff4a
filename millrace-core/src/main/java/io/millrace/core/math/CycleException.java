package io.millrace.core.math;

import java.util.List;

/**
 * Thrown by {@link TopologicalSort} when a graph has a cycle. Callers turn it into a user-facing
 * error; {@link #cycle()} is the cycle itself, first node repeated at the end ({@code a, b, a}).
 */
public final class CycleException extends RuntimeException {
  private final List<String> cycle;

  public CycleException(List<String> cycle) {
    super("Cannot order graph: it has a cycle " + String.join(" -> ", cycle));
    this.cycle = List.copyOf(cycle);
  }

  /** The nodes of one cycle in dependency order, starting and ending with the same node. */
  public List<String> cycle() {
    return cycle;
  }
}
