package io.millrace.features;

import io.millrace.api.MillraceException;
import io.millrace.api.SqlText;
import io.millrace.api.TableSchema;
import io.millrace.api.features.FeatureDefinitions;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.SourceLoad;
import io.millrace.api.spi.Warehouse;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.features.internal.PointInTimeSql;
import io.millrace.features.internal.StreamHistory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Point-in-time-correct training sets, with Feast's semantics: for an entity row at time t, each view
 * contributes the row of that entity with the greatest event timestamp &le; t and, when the view has a
 * ttl, &ge; t &minus; ttl (both ends inclusive); rows with equal event timestamps are decided by the
 * greatest {@code created}; no such row gives NULL features. A value from after t is never used. The
 * output has one row per entity row, in input order with duplicates kept: the input columns, then one
 * column per feature.
 *
 * <p>The project's tables must be queryable by name in the session (the CLI registers the warehouse's
 * tables); a {@code stream:<job>} view reads the {@code <job>_features} rows of every snapshot the
 * warehouse still keeps. Runs on the DuckDB engine ({@code ASOF JOIN}) and on Spark (a sorted window per
 * view, same rows: {@code PointInTimeSql#renderWindowed}); on Spark a table's entity rows come in Spark's
 * scan order. Stateless.
 */
public final class TrainingSets {
  private static final String ENTITIES = "__mr_entities";

  private TrainingSets() {}

  /**
   * @param warehouse needed for {@code stream:<job>} views; may be null otherwise
   * @throws MillraceException USER naming the missing view, feature, column or clashing names; when
   *     the entity file has lines that cannot be read (nothing is dropped silently)
   */
  public static TrainingSetResult build(ProjectSpec project, EngineSession session, Warehouse warehouse,
                                        TrainingSetRequest request) {
    boolean duckdb = session.dialect().equals("duckdb");
    if (!duckdb && !session.dialect().equals("spark")) {
      throw MillraceException.user("Cannot build a training set on the %s engine: point-in-time joins are written for "
          + "duckdb and spark", session.dialect());
    }
    FeatureDefinitions defs = project.features();
    List<FeatureRef> refs = request.service() != null ? defs.service(request.service()) : defs.resolve(request.features());
    String entities = entities(session, request, duckdb);
    TableSchema entitySchema = session.describe("SELECT * FROM " + entities);
    Map<FeatureViewSpec, String> sources = new LinkedHashMap<>();
    for (FeatureRef r : refs) {
      FeatureViewSpec v = defs.views().get(r.view());
      if (!sources.containsKey(v)) {
        sources.put(v, source(project, session, warehouse, v));
      }
    }
    Map<String, TableSchema> schemas = new LinkedHashMap<>();
    sources.values().forEach(s -> schemas.put(s, session.describe("SELECT * FROM " + s)));
    PointInTimeSql sql = new PointInTimeSql(entities, entitySchema, request.timestampColumn(), refs, defs.views(),
        sources, schemas, request.fullFeatureNames());
    String query = duckdb ? sql.render() : sql.renderWindowed();
    ExportSpec out = new ExportSpec("training_set", request.parquet() ? ExportSpec.Format.PARQUET : ExportSpec.Format.CSV,
        request.out().toAbsolutePath().toString(), null, ExportSpec.Mode.REPLACE);
    long rows = session.export(out, query);
    return new TrainingSetResult(request.out(), rows, sql.outputColumns());
  }

  private static String entities(EngineSession session, TrainingSetRequest request, boolean duckdb) {
    if (request.entitiesTable() != null) {
      String t = SqlText.ident(request.entitiesTable());
      try {
        session.describe("SELECT * FROM " + t);
      } catch (MillraceException e) {
        throw MillraceException.user("Cannot read entity rows from table '%s': no such table (run the project first, "
            + "or pass a file)", request.entitiesTable());
      }
      if (!duckdb) {
        return t;   // Spark reads the table's files once in the windowed join
      }
      // the point-in-time join over a warehouse table (a view of Parquet files) ran ~15x slower than over
      // a loaded table, so entity rows are read once, in their order
      session.execute("CREATE OR REPLACE TEMP TABLE " + ENTITIES + " AS SELECT * FROM " + t);
      return ENTITIES;
    }
    SourceSpec spec = SourceSpec.file(ENTITIES, format(request), request.entitiesFile().toAbsolutePath(), List.of());
    SourceLoad load = session.loadSource(spec, ENTITIES);
    if (!load.rejects().isEmpty()) {
      var r = load.rejects().get(0);
      throw MillraceException.user("Cannot read entity rows from %s: %d line(s) cannot be read, first line %d%s: %s",
          request.entitiesFile(), load.rejects().size(), r.line(), r.column() == null ? "" : " column " + r.column(), r.reason());
    }
    return ENTITIES;
  }

  private static SourceFormat format(TrainingSetRequest request) {
    String name = request.entitiesFile().getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return SourceFormat.CSV;
    }
    if (name.endsWith(".parquet")) {
      return SourceFormat.PARQUET;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return SourceFormat.JSONL;
    }
    throw MillraceException.user("Cannot read entity rows from %s: expected a .csv, .parquet or .jsonl file",
        request.entitiesFile());
  }

  /** The relation a view reads, made queryable in the session. */
  private static String source(ProjectSpec project, EngineSession session, Warehouse warehouse, FeatureViewSpec v) {
    if (v.streamJob().isPresent()) {
      StreamJobSpec job = project.streams().get(v.streamJob().get());
      if (job == null || job.features() == null) {
        throw MillraceException.user("Cannot load %s: feature view '%s': %s", v.location(), v.name(),
            job == null ? "no stream job '" + v.streamJob().get() + "'" : "stream job '" + job.name() + "' declares no features");
      }
      return StreamHistory.register(session, warehouse, job, "__mr_stream_" + v.name());
    }
    String t = SqlText.ident(v.source());
    try {
      session.describe("SELECT * FROM " + t);
    } catch (MillraceException e) {
      throw MillraceException.user("Cannot build a training set from feature view '%s' (%s): table '%s' is not in the "
          + "warehouse (run the project first): %s", v.name(), v.location(), v.source(), e.getMessage());
    }
    return t;
  }
}
