package io.millrace.core.plan.internal;

import io.millrace.api.features.TrainingSetNodeSpec;
import io.millrace.api.MillraceException;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.ModelSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.Engine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The dependency graph of a project: sources (no upstream), models (the tables their SQL reads,
 * found by the engine's parser), exports ({@code export:<table>:<i>}, reading their table) and the
 * stream jobs' tables that models or exports read (no upstream).
 */
public final class Dependencies {
  private Dependencies() {}

  /**
   * @param sql each model's SQL rendered for plan-time checks ({@link PlanSql})
   * @param engine opened only when some model's SQL is not in the cache
   * @return {@code node -> upstream} in declaration order: sources, models, exports, then the stream
   *     jobs' tables that models or exports read
   * @throws MillraceException USER for SQL that does not parse, an unknown table, or an export of
   *     an unknown table
   */
  public static Map<String, List<String>> of(ProjectSpec p, Map<String, String> sql, Supplier<Engine> engine,
                                             Names names, PlanCache cache) {
    Map<String, List<String>> written = written(p, sql, engine, cache);
    Map<String, List<String>> graph = new LinkedHashMap<>();
    p.sources().keySet().forEach(s -> graph.put(s, List.of()));
    for (ModelSpec m : p.models().values()) {
      graph.put(m.name(), resolve(m, written.get(m.name()), names));
    }
    for (TrainingSetNodeSpec t : p.features().trainingSets().values()) {
      graph.put(t.name(), TrainingSetReads.nodes(p, t.spec(), t.name(), t.location(), names::resolve));
    }
    List<ExportSpec> exports = p.exports();
    for (int i = 0; i < exports.size(); i++) {
      ExportSpec e = exports.get(i);
      int index = i;
      String table = names.resolve(e.table()).orElseThrow(() -> MillraceException.user(
          "Cannot plan export %d (millrace.yaml exports[%d]): table '%s' is neither a source nor a model %s",
          index, index, e.table(), names.known(e.table())));
      graph.put(exportName(table, i), List.of(table));
    }
    streamTablesRead(p, graph).forEach(t -> graph.put(t, List.of()));
    return graph;
  }

  /**
   * The stream jobs' tables that models or exports read: nodes without upstream in the batch DAG
   * (their job runs apart, under {@code millrace stream}). Tables nothing reads are not nodes.
   */
  private static Set<String> streamTablesRead(ProjectSpec p, Map<String, List<String>> graph) {
    Set<String> read = new LinkedHashSet<>();
    graph.values().forEach(ups -> ups.stream().filter(t -> p.streamJobWriting(t).isPresent()).forEach(read::add));
    return read;
  }

  /** The tables each model's SQL names, from the cache or parsed in one batch. */
  private static Map<String, List<String>> written(ProjectSpec p, Map<String, String> sql, Supplier<Engine> engine,
                                                   PlanCache cache) {
    Map<String, List<String>> written = new LinkedHashMap<>();
    List<ModelSpec> misses = new ArrayList<>();
    for (ModelSpec m : p.models().values()) {
      cache.refs(m.name(), sql.get(m.name())).ifPresentOrElse(r -> written.put(m.name(), r), () -> misses.add(m));
    }
    if (misses.isEmpty()) {
      return written;
    }
    List<Set<String>> parsed;
    try {
      parsed = engine.get().referencedTables(misses.stream().map(m -> sql.get(m.name())).toList());
    } catch (MillraceException batchFailed) {
      parsed = new ArrayList<>();   // parse one by one to name the model at fault
      for (ModelSpec m : misses) {
        try {
          parsed.add(engine.get().referencedTables(sql.get(m.name())));
        } catch (MillraceException e) {
          throw wrap(m, e);
        }
      }
    }
    for (int i = 0; i < misses.size(); i++) {
      ModelSpec m = misses.get(i);
      List<String> refs = List.copyOf(parsed.get(i));
      cache.putRefs(m.name(), sql.get(m.name()), refs);
      written.put(m.name(), refs);
    }
    return written;
  }

  /** Node name of the export at position {@code i} of the project's list. */
  public static String exportName(String table, int i) {
    return "export:" + table + ":" + i;
  }

  private static List<String> resolve(ModelSpec m, List<String> written, Names names) {
    Set<String> upstream = new LinkedHashSet<>();
    for (String w : written) {
      String table = names.resolve(w).orElseThrow(() -> MillraceException.user(
          "%s: it reads '%s', which is neither a source nor a model %s", where(m), w, names.known(w)));
      upstream.add(table);
    }
    return new ArrayList<>(upstream);
  }

  static String where(ModelSpec m) {
    return "Cannot plan model '" + m.name() + "' (models/" + m.name() + ".sql)";
  }

  static MillraceException wrap(ModelSpec m, MillraceException e) {
    return new MillraceException(e.kind(), where(m) + ": " + e.getMessage(), e);
  }
}
