package io.millrace.core.plan;

import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.lineage.ColumnLineage;
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
import io.millrace.core.plan.internal.LineageStep;
import io.millrace.core.plan.internal.Names;
import io.millrace.core.plan.internal.NodeCosts;
import io.millrace.core.plan.internal.PlanCache;
import io.millrace.core.plan.internal.PlanSql;
import io.millrace.core.plan.internal.SchemaCheck;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Binds a loaded project into a {@link Plan} before any data moves: table names unique
 * (case-insensitive, as in SQL), every table a model reads resolved to a source, a model or a table a
 * stream job writes (a node of kind {@link NodeKind#STREAM}, with the schema the job declares for its
 * events and window tables; models reading its features table are SQL-checked when they run), no cycle,
 * source files present, every export's table known, and every model's SQL accepted by the engine
 * against the upstream schemas. Errors are USER {@link MillraceException}s naming the model file or
 * source and the offending name.
 *
 * <p>Model SQL is checked with project variables substituted and stand-ins for the run variables
 * ({@code data_interval_start}, {@code data_interval_end}, {@code run_id}), as ISO text like a run
 * inserts them. Stateless. The check binds each model against empty stand-ins of its upstream tables
 * private to one engine session, so the shared catalog is not touched and a plan may be bound while
 * another runs on the same engine.
 */
public final class Binder {
  private Binder() {}

  /** Binds with every source file required to exist. */
  public static Plan bind(ProjectSpec project, Engine engine, Map<String, Long> weights) {
    return bind(project, engine, weights, false);
  }

  /**
   * @param weights median past duration in ms per node that has run before (from the run store);
   *     the others are estimated from the bytes they read ({@link NodeCosts})
   * @param allowMissingFiles accept absent source files (the caller generates sample data first);
   *     models reading such a source without declared columns are then not SQL-checked
   */
  public static Plan bind(ProjectSpec project, Engine engine, Map<String, Long> weights,
                          boolean allowMissingFiles) {
    return bind(project, () -> engine, () -> weights, allowMissingFiles, PlanCache.none());
  }

  /**
   * Binds with the project's plan cache ({@code .millrace/plan-cache.json}): only models whose SQL
   * or upstream schemas changed since a previous plan are parsed and bound again, and the engine is
   * opened only when something must be. The cache is updated after a successful bind.
   *
   * @param engine supplies the engine when it is first needed; not called when everything is cached
   *     (pass a memoizing supplier: it may be called more than once)
   */
  public static Plan bindCached(ProjectSpec project, Supplier<Engine> engine, Map<String, Long> weights,
                                boolean allowMissingFiles) {
    return bindCached(project, engine, () -> weights, allowMissingFiles);
  }

  /**
   * As {@link #bindCached(ProjectSpec, Supplier, Map, boolean)}, asking for the weights only once
   * the graph is checked (so they can be read from the run store meanwhile).
   */
  public static Plan bindCached(ProjectSpec project, Supplier<Engine> engine, Supplier<Map<String, Long>> weights,
                                boolean allowMissingFiles) {
    PlanCache cache = PlanCache.open(project.stateDir());
    Plan plan = bind(project, engine, weights, allowMissingFiles, cache);
    cache.save();
    return plan;
  }

  private static Plan bind(ProjectSpec project, Supplier<Engine> engine, Supplier<Map<String, Long>> weightsLater,
                           boolean allowMissingFiles, PlanCache cache) {
    Names names = new Names(project);
    if (!allowMissingFiles) {
      checkFiles(project);
    }
    Map<String, String> sql = new HashMap<>();
    project.models().values().forEach(m -> sql.put(m.name(), PlanSql.render(m, project.vars())));
    Map<String, List<String>> upstream = Dependencies.of(project, sql, engine, names, cache);
    List<String> tableOrder = order(project, upstream);
    Map<String, TableSchema> schemas = SchemaCheck.run(project, sql, engine, tableOrder, upstream, cache);
    Map<String, ColumnLineage> lineage = LineageStep.run(project, sql, engine, tableOrder, upstream, schemas, cache);
    upstream = new LinkedHashMap<>(upstream);
    upstream.putAll(TrainNodes.upstream(project, upstream.keySet()));
    List<String> order = order(project, upstream);
    List<PlanNode> nodes = new ArrayList<>();
    for (String n : order) {
      nodes.add(node(project, n, upstream.get(n), schemas.get(n), lineage.getOrDefault(n, ColumnLineage.UNKNOWN)));
    }
    Map<String, Long> past = weightsLater.get();
    Map<String, Long> used = NodeCosts.weights(nodes, past);
    Set<String> measured = order.stream().filter(past::containsKey).collect(Collectors.toSet());
    return new Plan(project, nodes, Levels.of(upstream), LongestPath.of(upstream, used, 1).nodes(), used,
        measured, Map.of());
  }

  private static List<String> order(ProjectSpec project, Map<String, List<String>> upstream) {
    try {
      return TopologicalSort.order(upstream);
    } catch (CycleException e) {
      List<String> files = e.cycle().stream().distinct().map(n -> project.features().trainingSets().containsKey(n)
          ? project.features().trainingSets().get(n).location() : "models/" + n + ".sql").toList();
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

  private static PlanNode node(ProjectSpec p, String name, List<String> ups, TableSchema schema,
                               ColumnLineage lineage) {
    Set<String> upstream = new LinkedHashSet<>(ups);
    SourceSpec s = p.sources().get(name);
    if (s != null) {
      return new PlanNode(name, NodeKind.SOURCE, s, null, null, upstream, schema, p.pipeline().retry());
    }
    ModelSpec m = p.models().get(name);
    if (m != null) {
      return new PlanNode(name, NodeKind.MODEL, null, m, null, upstream, schema, m.retry(), lineage);
    }
    if (p.features().trainingSets().containsKey(name)) {
      return new PlanNode(name, NodeKind.TRAINING_SET, null, null, null, upstream, schema, p.pipeline().retry());
    }
    if (name.startsWith("train:")) {
      return new PlanNode(name, NodeKind.TRAIN, null, null, null, upstream, null, p.pipeline().retry());
    }
    if (!name.startsWith("export:")) {   // a stream job's table: the declared schema, if the job declares it
      return new PlanNode(name, NodeKind.STREAM, null, null, null, upstream, schema, p.pipeline().retry());
    }
    int i = Integer.parseInt(name.substring(name.lastIndexOf(':') + 1));
    ExportSpec e = p.exports().get(i);
    return new PlanNode(name, NodeKind.EXPORT, null, null, e, upstream, null, p.pipeline().retry());
  }
}
