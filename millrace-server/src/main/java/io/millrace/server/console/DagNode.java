package io.millrace.server.console;

import java.util.List;

/**
 * One node of the project's plan.
 *
 * @param name node name (table, or {@code export:<table>:<i>})
 * @param kind SOURCE, MODEL, EXPORT, STREAM
 * @param upstream names of the nodes it reads
 */
public record DagNode(String name, String kind, List<String> upstream) {
  public DagNode {
    upstream = List.copyOf(upstream);
  }
}
