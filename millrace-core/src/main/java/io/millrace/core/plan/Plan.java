package io.millrace.core.plan;

import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.BoundSuite;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A project bound and checked before any data moves: every reference resolved, no cycle, every
 * model's SQL accepted by the engine.
 *
 * @param project the loaded project
 * @param nodes every node in a topological order (upstream before downstream)
 * @param levels nodes grouped by depth: level 0 has no upstream; a node's level is one more than
 *     its deepest upstream
 * @param criticalPath the heaviest upstream-to-downstream chain, weighted by {@code weights}
 * @param weights node weights used: median past duration in ms, or for a node that has not run
 *     yet an estimate from the bytes it reads (about ms; it ranks chains, it is no forecast)
 * @param measured the nodes whose weight is a past duration
 * @param suites suites bound at plan time to each node's planned schema ({@link SuiteBinding#bind}),
 *     reused by the run instead of loading and binding them again; empty when not bound
 */
public record Plan(ProjectSpec project, List<PlanNode> nodes, List<List<String>> levels,
                   List<String> criticalPath, Map<String, Long> weights, Set<String> measured,
                   Map<String, List<BoundSuite>> suites) {
  public Plan {
    Objects.requireNonNull(project, "project");
    nodes = List.copyOf(nodes);
    levels = levels.stream().map(List::copyOf).toList();
    criticalPath = List.copyOf(criticalPath);
    weights = Map.copyOf(weights);
    measured = Set.copyOf(measured);
    suites = Map.copyOf(suites);
  }

  /** A plan whose suites are not bound yet, every weight a past duration. */
  public Plan(ProjectSpec project, List<PlanNode> nodes, List<List<String>> levels,
              List<String> criticalPath, Map<String, Long> weights) {
    this(project, nodes, levels, criticalPath, weights, weights.keySet(), Map.of());
  }

  /** This plan with its suites bound. */
  public Plan withSuites(Map<String, List<BoundSuite>> bound) {
    return new Plan(project, nodes, levels, criticalPath, weights, measured, bound);
  }

  public PlanNode node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Cannot find plan node '" + name + "'"));
  }
}
