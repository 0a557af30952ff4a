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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks every model's SQL with the engine, in topological order, without reading data: each model
 * is bound against empty session-private stand-ins of the tables it reads
 * ({@link EngineSession#describeAs}), so binding a model never expands its upstream views again and
 * the shared catalog is not touched. Models are bound in batches
 * ({@link EngineSession#describeAllAs}: a few engine round trips for hundreds of models); a model
 * that reads one still waiting in the batch joins it, and a failing batch is bound again one model
 * at a time so the error names its model.
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
      Batch batch = new Batch(session, sql, upstream, schemas, cache);
      for (String node : order) {
        SourceSpec s = p.sources().get(node);
        ModelSpec m = p.models().get(node);
        if (s != null) {
          schemas.put(node, source(s, session, cache));
        } else if (m != null) {
          model(m, sql.get(node), upstream.get(node), schemas, cache, batch);
        } else {   // a stream job's table (exports have no schema): as declared, null for features
          p.streamJobWriting(node).flatMap(j -> j.declaredSchema(node)).ifPresent(t -> schemas.put(node, t));
        }
      }
      batch.flush();
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

  /**
   * A model whose upstream schemas are all known takes its schema from the cache when it can; one
   * that reads a model still waiting in the batch (or not cached) joins the batch.
   */
  private static void model(ModelSpec m, String sql, List<String> upstream, Map<String, TableSchema> known,
                            PlanCache cache, Batch batch) {
    boolean waits = false;
    for (String up : upstream) {
      if (batch.has(up)) {
        waits = true;
      } else if (known.get(up) == null) {
        known.put(m.name(), null);   // unknown upstream schema: not checked
        return;
      }
    }
    if (!waits) {
      TableSchema cached = cache.schema(m.name(), cache.schemaKey(sql, upstream, known)).orElse(null);
      if (cached != null) {
        known.put(m.name(), checkUniqueKey(m, cached));
        return;
      }
    }
    batch.add(m);
  }

  private static TableSchema checkUniqueKey(ModelSpec m, TableSchema schema) {
    for (String column : m.uniqueKey()) {
      if (schema.column(column).isEmpty()) {
        throw MillraceException.user("%s: unique_key column '%s' is not in its result (columns: %s)",
            Dependencies.where(m), column, String.join(", ", schema.names()));
      }
    }
    return schema;
  }

  /**
   * Models to bind, in topological order, bound together in as few engine round trips as the engine
   * allows ({@link EngineSession#describeAllAs}); when a batch fails, its models are bound one at a
   * time to name the one at fault.
   */
  private static final class Batch {
    private static final int SIZE = 1024;
    private final Lazy session;
    private final Map<String, String> sql;
    private final Map<String, List<String>> upstream;
    private final Map<String, TableSchema> known;
    private final PlanCache cache;
    private final Map<String, ModelSpec> models = new LinkedHashMap<>();

    Batch(Lazy session, Map<String, String> sql, Map<String, List<String>> upstream,
          Map<String, TableSchema> known, PlanCache cache) {
      this.session = session;
      this.sql = sql;
      this.upstream = upstream;
      this.known = known;
      this.cache = cache;
    }

    boolean has(String name) {
      return models.containsKey(name);
    }

    void add(ModelSpec m) {
      for (String up : upstream.get(m.name())) {
        if (!models.containsKey(up)) {
          session.defineStandIn(up, known.get(up));
        }
      }
      models.put(m.name(), m);
      if (models.size() >= SIZE) {
        flush();
      }
    }

    void flush() {
      if (models.isEmpty()) {
        return;
      }
      List<ModelSpec> batch = new ArrayList<>(models.values());
      List<EngineSession.StandInQuery> queries = batch.stream().map(m -> new EngineSession.StandInQuery(
          m.name(), sql.get(m.name()), m.materialized() != Materialization.VIEW)).toList();
      List<TableSchema> schemas;
      try {
        schemas = session.get().describeAllAs(queries);
      } catch (MillraceException batchFailed) {
        schemas = new ArrayList<>();
        for (ModelSpec m : batch) {
          try {
            TableSchema schema = session.describeAs(m, sql.get(m.name()), upstream.get(m.name()), known);
            known.put(m.name(), schema);
            schemas.add(schema);
          } catch (MillraceException e) {
            throw Dependencies.wrap(m, e);
          }
        }
      }
      for (int i = 0; i < batch.size(); i++) {
        ModelSpec m = batch.get(i);
        String s = sql.get(m.name());
        known.put(m.name(), schemas.get(i));
        cache.putSchema(m.name(), cache.schemaKey(s, upstream.get(m.name()), known), schemas.get(i));
        checkUniqueKey(m, schemas.get(i));
        session.defined(m.name());
      }
      models.clear();
    }
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
        defineStandIn(up, known.get(up));
      }
      defined.add(m.name());
      if (m.materialized() == Materialization.VIEW) {
        return get().describeAs(m.name(), sql);
      }
      TableSchema schema = get().describe(sql);
      get().standIn(m.name(), schema);
      return schema;
    }

    /** Defines a stand-in of a table already known (a source, or a model bound or cached before). */
    void defineStandIn(String name, TableSchema schema) {
      if (defined.add(name)) {
        get().standIn(name, schema);
      }
    }

    void defined(String name) {
      defined.add(name);
    }

    @Override
    public void close() {
      if (session != null) {
        session.close();
      }
    }
  }
}
