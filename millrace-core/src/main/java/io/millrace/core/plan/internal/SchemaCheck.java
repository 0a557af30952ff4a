package io.millrace.core.plan.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.Materialization;
import io.millrace.api.project.ModelSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.Engine;
import io.millrace.api.spi.EngineSession;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks every model's SQL with the engine, in topological order, without reading data: each
 * upstream table is registered as an empty typed table (views as views) and the model is described.
 *
 * <p>Sources: declared columns are the schema; a source without declared columns is probed with
 * {@link EngineSession#describeSource} (an engine reads at most what it must). A source whose file
 * is missing (allowed when sample data is generated first) has an unknown schema, and models that
 * depend on it are not checked (schema null). Everything registered is dropped at the end so the
 * shared catalog is left as found.
 */
public final class SchemaCheck {
  private SchemaCheck() {}

  /** @return schema per source and model; null where unknown */
  public static Map<String, TableSchema> run(ProjectSpec p, Engine engine, List<String> order,
                                             Map<String, List<String>> upstream) {
    Map<String, TableSchema> schemas = new HashMap<>();
    List<String> registered = new ArrayList<>();
    try (EngineSession session = engine.session()) {
      try {
        for (String node : order) {
          SourceSpec s = p.sources().get(node);
          ModelSpec m = p.models().get(node);
          if (s != null) {
            schemas.put(node, source(s, session));
          } else if (m != null) {
            schemas.put(node, model(m, p, session, upstream.get(node), schemas));
          } else {
            continue;
          }
          if (schemas.get(node) != null) {
            register(session, node, m, p, schemas.get(node));
            registered.add(0, node);
          }
        }
      } finally {
        registered.forEach(session::drop);
      }
    }
    return schemas;
  }

  private static TableSchema source(SourceSpec s, EngineSession session) {
    if (!s.columns().isEmpty()) {
      return new TableSchema(s.columns());
    }
    if (s.path() != null && !Files.exists(s.path())) {
      return null;
    }
    return session.describeSource(s);
  }

  private static TableSchema model(ModelSpec m, ProjectSpec p, EngineSession session, List<String> upstream,
                                   Map<String, TableSchema> known) {
    for (String up : upstream) {
      if (known.get(up) == null) {
        return null;
      }
    }
    TableSchema schema;
    try {
      schema = session.describe(PlanSql.render(m, p.vars()));
    } catch (MillraceException e) {
      throw Dependencies.wrap(m, e);
    }
    for (String key : m.uniqueKey()) {
      if (schema.column(key).isEmpty()) {
        throw MillraceException.user("%s: unique_key column '%s' is not in its result (columns: %s)",
            Dependencies.where(m), key, String.join(", ", schema.names()));
      }
    }
    return schema;
  }

  private static void register(EngineSession session, String name, ModelSpec m, ProjectSpec p,
                               TableSchema schema) {
    if (m != null && m.materialized() == Materialization.VIEW) {
      session.registerView(name, PlanSql.render(m, p.vars()));
    } else {
      session.registerTable(name, schema, List.of());
    }
  }
}
