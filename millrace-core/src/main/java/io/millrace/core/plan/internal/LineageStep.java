package io.millrace.core.plan.internal;

import io.millrace.api.TableSchema;
import io.millrace.api.lineage.ColumnLineage;
import io.millrace.api.lineage.LineageQuery;
import io.millrace.api.project.ModelSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.Engine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Finds every model's column lineage at plan time ({@link Engine#columnLineage}), after the schema
 * check, from its rendered SQL and the schemas of the tables it reads. A model whose SQL and
 * upstream schemas are unchanged since an earlier plan takes its lineage from the {@link PlanCache}
 * (same key as its schema), so only changed models are parsed again, all in one engine call. A model
 * with an unknown schema (or an unknown upstream schema) has {@link ColumnLineage#UNKNOWN}.
 */
public final class LineageStep {
  private LineageStep() {}

  /** @return lineage per model name (models only) */
  public static Map<String, ColumnLineage> run(ProjectSpec p, Map<String, String> sql, Supplier<Engine> engine,
                                               List<String> order, Map<String, List<String>> upstream,
                                               Map<String, TableSchema> schemas, PlanCache cache) {
    Map<String, ColumnLineage> out = new HashMap<>();
    Map<String, LineageQuery> todo = new LinkedHashMap<>();
    Map<String, String> keys = new HashMap<>();
    for (String node : order) {
      ModelSpec m = p.models().get(node);
      if (m == null || schemas.get(node) == null
          || upstream.get(node).stream().anyMatch(up -> schemas.get(up) == null)) {
        continue;
      }
      String key = cache.schemaKey(sql.get(node), upstream.get(node), schemas);
      ColumnLineage cached = cache.lineage(node, key).orElse(null);
      if (cached != null) {
        out.put(node, cached);
      } else {
        Map<String, TableSchema> inputs = new HashMap<>();
        upstream.get(node).forEach(up -> inputs.put(up, schemas.get(up)));
        todo.put(node, new LineageQuery(sql.get(node), inputs, schemas.get(node)));
        keys.put(node, key);
      }
    }
    if (!todo.isEmpty()) {
      List<String> names = new ArrayList<>(todo.keySet());
      List<ColumnLineage> found = engine.get().columnLineage(new ArrayList<>(todo.values()));
      for (int i = 0; i < names.size(); i++) {
        out.put(names.get(i), found.get(i));
        cache.putLineage(names.get(i), keys.get(names.get(i)), found.get(i));
      }
    }
    return out;
  }
}
