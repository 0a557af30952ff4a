package io.millrace.core.math;

import java.util.List;

/**
 * A chain of nodes and its total weight.
 *
 * @param nodes from the most upstream node to the most downstream one
 * @param weight sum of the nodes' weights
 */
public record WeightedPath(List<String> nodes, long weight) {
  public WeightedPath {
    nodes = List.copyOf(nodes);
    if (weight < 0) {
      throw new IllegalArgumentException("Cannot build path: negative weight " + weight);
    }
  }
}
