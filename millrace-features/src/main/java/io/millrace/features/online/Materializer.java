package io.millrace.features.online;

import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.features.EntityKey;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.api.features.OnlineRow;
import io.millrace.api.features.OnlineStore;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.Warehouse;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.features.online.internal.MaterializeSql;
import io.millrace.features.online.internal.Marker;
import io.millrace.features.online.internal.RowCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Writes each entity's latest feature values to the online store ({@code millrace materialize}).
 *
 * <p>Per view: the entity's row with the greatest event timestamp at or before {@code until} (and,
 * with a ttl, at or after {@code until - ttl}); equal event times go to the greatest {@code created}.
 * Incremental: the store keeps per view a marker (the source table's snapshot, {@code until} and a
 * fingerprint of the view's definition); the next run reads only the data files added since that
 * snapshot, plus rows of older files whose event time lies after the last {@code until}, and upserts
 * their entities' latest rows (the store keeps the newer event time). A changed definition, an
 * expired snapshot or {@code full} reads everything again. Rows deleted from a source are not
 * removed from the store. Runs on the DuckDB engine; the warehouse's tables need not be registered.
 */
public final class Materializer {
  static final int PAGE = 50_000;

  private Materializer() {}

  /**
   * @param progress receives a line now and then on long work
   * @throws MillraceException USER naming an unknown or offline view, a missing table or column
   */
  public static List<MaterializeResult> run(ProjectSpec project, EngineSession session, Warehouse warehouse,
                                            OnlineStore store, MaterializeRequest request, Consumer<String> progress) {
    List<FeatureViewSpec> views = views(project, request);
    List<MaterializeResult> out = new ArrayList<>();
    for (FeatureViewSpec v : views) {
      out.add(one(project, session, warehouse, store, v, request, progress));
    }
    return out;
  }

  /**
   * The views a request materializes: the ones named, else every {@code online: true} view.
   *
   * @throws MillraceException USER for an unknown or offline view, or when there is none
   */
  public static List<FeatureViewSpec> views(ProjectSpec project, MaterializeRequest request) {
    Map<String, FeatureViewSpec> all = project.features().views();
    if (request.views().isEmpty()) {
      List<FeatureViewSpec> online = all.values().stream().filter(FeatureViewSpec::online).toList();
      if (online.isEmpty()) {
        throw MillraceException.user("Cannot materialize: no feature view of project '%s' is marked 'online: true'%s",
            project.name(), all.isEmpty() ? " (it declares no feature views in features/*.yaml)"
                : " (views: " + String.join(", ", all.keySet()) + ")");
      }
      return online;
    }
    List<FeatureViewSpec> out = new ArrayList<>();
    for (String name : request.views()) {
      FeatureViewSpec v = all.get(name);
      if (v == null) {
        throw MillraceException.user("Cannot materialize feature view '%s': no such view%s", name,
            io.millrace.api.Suggestions.closest(name, all.keySet()).map(s -> "; did you mean '" + s + "'?")
                .orElse(" (views: " + String.join(", ", all.keySet()) + ")"));
      }
      if (!v.online()) {
        throw MillraceException.user("Cannot materialize feature view '%s': it is not marked 'online: true' (%s)",
            name, v.location());
      }
      out.add(v);
    }
    return out;
  }

  private static MaterializeResult one(ProjectSpec project, EngineSession session, Warehouse warehouse,
                                       OnlineStore store, FeatureViewSpec v, MaterializeRequest request,
                                       Consumer<String> progress) {
    long t0 = System.nanoTime();
    String table = table(project, v);
    if (!warehouse.exists(table)) {
      throw MillraceException.user("Cannot materialize feature view '%s' (%s): table '%s' is not in the warehouse "
          + "(%s)", v.name(), v.location(), table, v.streamJob().isPresent()
          ? "run `millrace stream` for job '" + v.streamJob().get() + "' first" : "run the project first");
    }
    TableSchema schema = warehouse.schema(table).orElseThrow();
    List<SnapshotInfo> snapshots = warehouse.snapshots(table);
    long snapshot = snapshots.isEmpty() ? -1 : snapshots.get(snapshots.size() - 1).snapshotId();
    String fingerprint = Marker.fingerprint(v, table);
    Marker previous = request.full() ? null : store.marker(v.name()).flatMap(Marker::parse)
        .filter(m -> m.fingerprint().equals(fingerprint)).orElse(null);
    List<Path> current = warehouse.files(table);
    List<Path> added = current;
    List<Path> older = List.of();
    if (previous != null) {
      List<Path> before = filesOf(warehouse, table, previous.snapshot());
      if (before == null) {
        previous = null; // the snapshot expired: read everything again
      } else {
        Set<Path> had = new HashSet<>(before);
        added = current.stream().filter(p -> !had.contains(p)).toList();
        older = current.stream().filter(had::contains).toList();
      }
    }
    if (previous != null && added.isEmpty() && !request.until().isAfter(previous.until())) {
      return new MaterializeResult(v.name(), table, "unchanged", 0, Duration.ofNanos(System.nanoTime() - t0));
    }
    Map<String, Integer> ids = warehouse.fieldIds(table, schema);
    session.registerTable(MaterializeSql.NEW, schema, added, ids);
    session.registerTable(MaterializeSql.OLD, schema, older, ids);
    try {
      session.execute(MaterializeSql.create(v, schema, request.until(), previous == null ? null : previous.until()));
    } catch (MillraceException e) {
      throw MillraceException.user("Cannot materialize feature view '%s' (%s) from table '%s': %s", v.name(),
          v.location(), table, e.getMessage());
    }
    long entities = write(session, store, v, progress);
    session.drop(MaterializeSql.RESULT);
    session.drop(MaterializeSql.NEW);
    session.drop(MaterializeSql.OLD);
    store.setMarker(v.name(), new Marker(snapshot, request.until(), fingerprint).toString());
    return new MaterializeResult(v.name(), table, previous == null ? "full" : "incremental", entities,
        Duration.ofNanos(System.nanoTime() - t0));
  }

  /**
   * Pages through the reduced rows and writes them; reading page n + 1 from the engine overlaps with
   * encoding and writing page n to the store (one writer thread, at most two pages in flight).
   */
  private static long write(EngineSession session, OnlineStore store, FeatureViewSpec v, Consumer<String> progress) {
    long total = ((Number) session.query("SELECT count(*) FROM " + MaterializeSql.RESULT).scalar()).longValue();
    int keys = v.entities().size();
    List<String> names = v.featureNames();
    long lastReport = System.nanoTime();
    long written = 0;
    ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "millrace-materialize-" + v.name());
      t.setDaemon(true);
      return t;
    });
    Future<?> pending = null;
    try {
      for (long offset = 0; offset < total; offset += PAGE) {
        QueryResult page = session.query("SELECT * FROM " + MaterializeSql.RESULT + " LIMIT " + PAGE + " OFFSET " + offset);
        List<OnlineRow> rows = rows(page, keys, names);
        await(pending);
        pending = writer.submit(() -> store.write(v.name(), rows));
        written += rows.size();
        if (System.nanoTime() - lastReport > 2_000_000_000L) {
          progress.accept(String.format("  %s: %,d / %,d entities read", v.name(), written, total));
          lastReport = System.nanoTime();
        }
      }
      await(pending);
    } finally {
      writer.shutdownNow();
    }
    return written;
  }

  private static List<OnlineRow> rows(QueryResult page, int keys, List<String> names) {
    List<OnlineRow> rows = new ArrayList<>(page.rows().size());
    for (List<Object> r : page.rows()) {
      Map<String, Object> values = new LinkedHashMap<>(names.size() * 2);
      for (int f = 0; f < names.size(); f++) {
        values.put(names.get(f), r.get(keys + 1 + f));
      }
      rows.add(new OnlineRow(new EntityKey(r.subList(0, keys)), RowCodec.instant(((Number) r.get(keys)).longValue()),
          values));
    }
    return rows;
  }

  private static void await(Future<?> f) {
    if (f == null) {
      return;
    }
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw MillraceException.external(e, "Cannot materialize: interrupted");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re
          : MillraceException.internal(e.getCause(), "Cannot write to the online store: %s", e.getCause());
    }
  }

  private static String table(ProjectSpec project, FeatureViewSpec v) {
    if (v.streamJob().isEmpty()) {
      return v.source();
    }
    StreamJobSpec job = project.streams().get(v.streamJob().get());
    if (job == null || job.features() == null) {
      throw MillraceException.user("Cannot materialize feature view '%s' (%s): %s", v.name(), v.location(),
          job == null ? "no stream job '" + v.streamJob().get() + "'" : "stream job '" + job.name() + "' declares no features");
    }
    return job.featuresTable();
  }

  /** A snapshot's files, or null when the warehouse no longer keeps it. */
  private static List<Path> filesOf(Warehouse warehouse, String table, long snapshot) {
    if (snapshot < 0) {
      return List.of();
    }
    boolean kept = warehouse.snapshots(table).stream().anyMatch(s -> s.snapshotId() == snapshot);
    return kept ? warehouse.files(table, snapshot) : null;
  }
}
