package io.millrace.core.plan;

import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.ModelSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.Engine;
import io.millrace.core.math.CycleException;
import io.millrace.core.math.Levels;
import io.millrace.core.math.LongestPath;
import io.millrace.core.math.TopologicalSort;
import io.millrace.core.plan.internal.Dependencies;
import io.millrace.core.plan.internal.Names;
import io.millrace.core.plan.internal.SchemaCheck;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * Binds a loaded project into a {@link Plan} before any data moves: table names unique
 * (case-insensitive, as in SQL), every table a model reads resolved to a source or model, no cycle,
 * source files present, every export's table known, and every model's SQL accepted by the engine
 * against the upstream schemas. Errors are USER {@link MillraceException}s naming the model file or
 * source and the offending name.
 *
 * <p>Model SQL is checked with project variables substituted and stand-ins for the run variables
 * ({@code data_interval_start}, {@code data_interval_end}, {@code run_id}), as ISO text like a run
 * inserts them. Stateless. The check registers empty tables under the project's table names in the
 * engine's shared catalog and drops them at the end: do not bind on an engine that is running a plan
 * of the same project at the same time.
 */
public final class Binder {
  private Binder() {}

  /** Binds with every source file required to exist. */
  public static Plan bind(ProjectSpec project, Engine engine, Map<String, Long> weights) {
    return bind(project, engine, weights, false);
  }

  /**
   * @param weights median past duration in ms per node (from the run store); absent nodes weigh 1
   * @param allowMissingFiles accept absent source files (the caller generates sample data first);
   *     models reading such a source without declared columns are then not SQL-checked
   */
  public static Plan bind(ProjectSpec project, Engine engine, Map<String, Long> weights,
                          boolean allowMissingFiles) {
    Names names = new Names(project);
    if (!allowMissingFiles) {
      checkFiles(project);
    }
    Map<String, List<String>> upstream = Dependencies.of(project, engine, names);
    List<String> order = order(project, upstream);
    Map<String, TableSchema> schemas = SchemaCheck.run(project, engine, order, upstream);
    Map<String, Long> used = new LinkedHashMap<>();
    order.forEach(n -> used.put(n, Math.max(0, weights.getOrDefault(n, 1L))));
    List<PlanNode> nodes = new ArrayList<>();
    for (String n : order) {
      nodes.add(node(project, n, upstream.get(n), schemas.get(n)));
    }
    return new Plan(project, nodes, Levels.of(upstream), LongestPath.of(upstream, used, 1).nodes(), used);
  }

  private static List<String> order(ProjectSpec project, Map<String, List<String>> upstream) {
    try {
      return TopologicalSort.order(upstream);
    } catch (CycleException e) {
      List<String> files = e.cycle().stream().distinct().map(n -> "models/" + n + ".sql").toList();
      throw MillraceException.user("Cannot plan project '%s': models form a cycle %s (%s)", project.name(),
          String.join(" -> ", e.cycle()), String.join(", ", files));
    }
  }

  private static void checkFiles(ProjectSpec project) {
    for (SourceSpec s : project.sources().values()) {
      if (s.path() != null && !Files.exists(s.path())) {
        String hint = project.generate() != null ? "; the project can generate sample data first" : "";
        throw MillraceException.user("Cannot plan source '%s': file %s does not exist%s", s.name(), s.path(), hint);
      }
    }
  }

  private static PlanNode node(ProjectSpec p, String name, List<String> ups, TableSchema schema) {
    Set<String> upstream = new LinkedHashSet<>(ups);
    SourceSpec s = p.sources().get(name);
    if (s != null) {
      return new PlanNode(name, NodeKind.SOURCE, s, null, null, upstream, schema, p.pipeline().retry());
    }
    ModelSpec m = p.models().get(name);
    if (m != null) {
      return new PlanNode(name, NodeKind.MODEL, null, m, null, upstream, schema, m.retry());
    }
    int i = Integer.parseInt(name.substring(name.lastIndexOf(':') + 1));
    ExportSpec e = p.exports().get(i);
    return new PlanNode(name, NodeKind.EXPORT, null, null, e, upstream, null, p.pipeline().retry());
  }
}
