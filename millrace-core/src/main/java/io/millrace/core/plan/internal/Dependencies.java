package io.millrace.core.plan.internal;

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

/**
 * The dependency graph of a project: sources (no upstream), models (the tables their SQL reads,
 * found by the engine's parser) and exports ({@code export:<table>:<i>}, reading their table).
 */
public final class Dependencies {
  private Dependencies() {}

  /**
   * @return {@code node -> upstream} in declaration order: sources, models, exports
   * @throws MillraceException USER for SQL that does not parse, an unknown table, or an export of
   *     an unknown table
   */
  public static Map<String, List<String>> of(ProjectSpec p, Engine engine, Names names) {
    Map<String, List<String>> graph = new LinkedHashMap<>();
    p.sources().keySet().forEach(s -> graph.put(s, List.of()));
    for (ModelSpec m : p.models().values()) {
      graph.put(m.name(), references(m, p, engine, names));
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
    return graph;
  }

  /** Node name of the export at position {@code i} of the project's list. */
  public static String exportName(String table, int i) {
    return "export:" + table + ":" + i;
  }

  private static List<String> references(ModelSpec m, ProjectSpec p, Engine engine, Names names) {
    String sql = PlanSql.render(m, p.vars());
    Set<String> written;
    try {
      written = engine.referencedTables(sql);
    } catch (MillraceException e) {
      throw new MillraceException(e.kind(), where(m) + ": " + e.getMessage(), e);
    }
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
