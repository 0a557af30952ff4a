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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks every model's SQL with the engine, in topological order, without reading data: each model
 * is bound against empty session-private stand-ins of the tables it reads
 * ({@link EngineSession#describeAs}), so binding a model never expands its upstream views again and
 * the shared catalog is not touched.
 *
 * <p>Sources: declared columns are the schema; a source without declared columns is probed with
 * {@link EngineSession#describeSource} (an engine reads at most what it must). A source whose file
 * is missing (allowed when sample data is generated first) has an unknown schema, and models that
 * depend on it are not checked (schema null). Schemas found under the same inputs before come from
 * the {@link PlanCache}; the engine session is opened only when something is not cached. Stand-ins
 * of cached tables carry their logical types. A stream job's events and window tables have the
 * schema the job declares; its features table is unknown until a run reads it.
 */
public final class SchemaCheck {
  private SchemaCheck() {}

  /**
   * @param sql each model's SQL rendered for plan-time checks
   * @return schema per source and model; null where unknown
   */
  public static Map<String, TableSchema> run(ProjectSpec p, Map<String, String> sql, Supplier<Engine> engine,
                                             List<String> order, Map<String, List<String>> upstream,
                                             PlanCache cache) {
    try (Lazy session = new Lazy(engine)) {
      Map<String, TableSchema> schemas = new HashMap<>();
      for (String node : order) {
        SourceSpec s = p.sources().get(node);
        ModelSpec m = p.models().get(node);
        if (s != null) {
          schemas.put(node, source(s, session, cache));
        } else if (m != null) {
          schemas.put(node, model(m, sql.get(node), session, upstream.get(node), schemas, cache));
        } else {   // a stream job's table (exports have no schema): as declared, null for features
          p.streamJobWriting(node).flatMap(j -> j.declaredSchema(node)).ifPresent(t -> schemas.put(node, t));
        }
      }
      return schemas;
    }
  }

  private static TableSchema source(SourceSpec s, Lazy session, PlanCache cache) {
    if (!s.columns().isEmpty()) {
      return new TableSchema(s.columns());
    }
    if (s.path() == null) {
      return session.get().describeSource(s);
    }
    if (!Files.exists(s.path())) {
      return null;
    }
    String key = cache.sourceKey(s.toString(), s.path());
    TableSchema schema = cache.schema(s.name(), key).orElseGet(() -> session.get().describeSource(s));
    cache.putSchema(s.name(), key, schema);
    return schema;
  }

  private static TableSchema model(ModelSpec m, String sql, Lazy session, List<String> upstream,
                                   Map<String, TableSchema> known, PlanCache cache) {
    for (String up : upstream) {
      if (known.get(up) == null) {
        return null;
      }
    }
    String key = cache.schemaKey(sql, upstream, known);
    TableSchema schema = cache.schema(m.name(), key).orElse(null);
    if (schema == null) {
      try {
        schema = session.describeAs(m, sql, upstream, known);
      } catch (MillraceException e) {
        throw Dependencies.wrap(m, e);
      }
      cache.putSchema(m.name(), key, schema);
    }
    for (String column : m.uniqueKey()) {
      if (schema.column(column).isEmpty()) {
        throw MillraceException.user("%s: unique_key column '%s' is not in its result (columns: %s)",
            Dependencies.where(m), column, String.join(", ", schema.names()));
      }
    }
    return schema;
  }

  /** One engine session, opened on first use, and the stand-ins defined in it. */
  private static final class Lazy implements AutoCloseable {
    private final Supplier<Engine> engine;
    private final Set<String> defined = new HashSet<>();
    private EngineSession session;

    Lazy(Supplier<Engine> engine) {
      this.engine = engine;
    }

    EngineSession get() {
      if (session == null) {
        session = engine.get().session();
      }
      return session;
    }

    /**
     * Binds a model after defining stand-ins for the upstream tables this session lacks. A view's
     * stand-in has the engine's exact result types (the view is read as it is); a table's has its
     * logical types, as it is stored.
     */
    TableSchema describeAs(ModelSpec m, String sql, List<String> upstream, Map<String, TableSchema> known) {
      for (String up : upstream) {
        if (defined.add(up)) {
          get().standIn(up, known.get(up));
        }
      }
      defined.add(m.name());
      if (m.materialized() == Materialization.VIEW) {
        return get().describeAs(m.name(), sql);
      }
      TableSchema schema = get().describe(sql);
      get().standIn(m.name(), schema);
      return schema;
    }

    @Override
    public void close() {
      if (session != null) {
        session.close();
      }
    }
  }
}
