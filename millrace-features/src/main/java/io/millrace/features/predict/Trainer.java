package io.millrace.features.predict;

import io.millrace.api.Column;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.features.FeatureDefinitions;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.api.predict.Algorithm;
import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.predict.SplitSpec;
import io.millrace.api.predict.Task;
import io.millrace.api.predict.TrainingSetSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.Warehouse;
import io.millrace.features.TrainingSetRequest;
import io.millrace.features.TrainingSets;
import io.millrace.features.predict.internal.Fit;
import io.millrace.features.predict.internal.Manifest;
import io.millrace.features.predict.internal.Pins;
import io.millrace.features.predict.internal.TrainingRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a predictor: builds its training set point-in-time (the warehouse tables pinned at their
 * current snapshots, or at a stored version's for a retrain), orders the labelled rows by the split
 * column, holds out the latest {@code test_fraction}, trains on the rest, evaluates on the held-out
 * part and stores a new version ({@link ModelStore}). A retrain of version V ({@code fromVersion})
 * reads the same entity rows (the artifact's copy of an entity file, or the entity table at its
 * recorded snapshot), the same snapshots of every table and V's label, split, algorithm and params:
 * it gives the same model and metrics. The feature views' definitions are the project's current ones.
 */
public final class Trainer {
  private Trainer() {}

  /**
   * @param warehouse the project's warehouse (tables are pinned in it); may be null when every table is
   *     a table of the session
   * @param fromVersion a version to retrain identically, or null for a fresh training
   * @throws MillraceException USER for a predictor that cannot be trained as declared (named, with its file)
   */
  public static TrainResult train(ProjectSpec project, PredictorSpec declared, EngineSession session, Warehouse warehouse,
                                  ModelStore store, String fromVersion) {
    long t0 = System.nanoTime();
    Manifest from = fromVersion == null ? null : Manifest.read(store.dir(declared.name(), fromVersion));
    Path fromDir = from == null ? null : store.dir(declared.name(), fromVersion);
    PredictorSpec spec = from == null ? declared : asTrained(declared, from);
    String version = store.next(spec.name());
    Path tmp = store.root().resolve(spec.name()).resolve("." + version + ".tmp");
    try {
      deleteTree(tmp);
      Files.createDirectories(tmp);
      TrainResult r = trainInto(project, spec, session, warehouse, version, tmp, from, fromDir, t0);
      Path dir = store.root().resolve(spec.name()).resolve(version);
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      return new TrainResult(r.predictor(), version, dir, r.metrics(), r.trainRows(), r.testRows(),
          r.rowsWithoutLabel(), r.millis());
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot write model of predictor '%s' under %s: %s", spec.name(), store.root(),
          e.getMessage());
    } finally {
      deleteTree(tmp);
    }
  }

  private static TrainResult trainInto(ProjectSpec project, PredictorSpec spec, EngineSession session, Warehouse warehouse,
                                       String version, Path dir, Manifest from, Path fromDir, long t0) throws IOException {
    FeatureDefinitions defs = project.features();
    TrainingSetSpec ts = spec.trainingSet();
    List<FeatureRef> refs = ts.service() != null ? defs.service(ts.service()) : defs.resolve(ts.features());
    Map<String, Long> pinned = new HashMap<>();
    if (from != null) {
      from.tables().forEach(t -> {
        if (t.snapshotId() != null) {
          pinned.put(t.table(), t.snapshotId());
        }
      });
    }
    List<String> tables = new ArrayList<>();
    Path entityFile = null;
    String entities;
    if (ts.entitiesIsFile()) {
      Path src = from != null ? fromDir.resolve(from.entities()) : project.root().resolve(ts.entities());
      if (!Files.isRegularFile(src)) {
        throw MillraceException.user("Cannot train predictor '%s' (%s): entity file %s does not exist", spec.name(),
            spec.location(), src);
      }
      String name = src.getFileName().toString();
      entities = "entities" + name.substring(name.lastIndexOf('.'));
      entityFile = dir.resolve(entities);
      Files.copy(src, entityFile);
    } else {
      entities = ts.entities();
      tables.add(entities);
    }
    for (FeatureRef r : refs) {
      FeatureViewSpec v = defs.views().get(r.view());
      var job = v.streamJob().map(j -> project.streams().get(j));
      String t = job.isPresent() && job.get() != null ? job.get().featuresTable() : v.source();
      if (!tables.contains(t)) {
        tables.add(t);
      }
    }
    List<Manifest.TableRead> reads = Pins.register(session, warehouse, tables, pinned);
    Path out = dir.resolve("training_set.parquet");
    String entityTable = entityFile == null ? entities : null;   // TrainingSets reads it once into the session
    TrainingSets.build(project, session, warehouse, new TrainingSetRequest(entityFile, entityTable,
        refs, null, out, ts.timestampColumn(), false));
    TableSchema schema = session.describe("SELECT * FROM read_parquet('" + out.toString().replace("'", "''") + "')");
    List<Column> cols = TrainingRows.featureColumns(spec, schema, refs.size());
    TrainingRows.Read rows = TrainingRows.read(spec, session, out, schema, cols);
    Fit.Result fit = Fit.run(spec, rows.train(), rows.test(), dir);
    List<Manifest.Feature> features = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      features.add(new Manifest.Feature(refs.get(i).toString(), cols.get(i).name(), cols.get(i).type().name()));
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    Manifest m = new Manifest(spec.name(), version, spec.algorithm().name(), spec.task().name(), spec.label(),
        rows.positiveLabel(), features, entities, entityFile != null, ts.timestampColumn(),
        new Manifest.Split(spec.splitColumn(), spec.split().testFraction(), rows.cutoff(), rows.trainRows(),
            rows.rows().n() - rows.trainRows()),
        spec.params(), reads, rows.withoutLabel(), Instant.now().toString(), millis, fit.metrics());
    m.write(dir);
    Fit.writeMetrics(dir, fit.metrics());
    return new TrainResult(spec.name(), version, dir, fit.metrics(), rows.trainRows(), rows.rows().n() - rows.trainRows(),
        rows.withoutLabel(), millis);
  }

  /** The predictor as a stored version was trained (its rules stay the declared ones). */
  private static PredictorSpec asTrained(PredictorSpec declared, Manifest m) {
    List<FeatureRef> refs = m.features().stream().map(f -> FeatureRef.parse(f.ref())).toList();
    String entities = m.entitiesIsFile() ? "stored/" + m.entities() : m.entities();
    TrainingSetSpec ts = new TrainingSetSpec(entities, refs, null, m.timestampColumn());
    return new PredictorSpec(declared.name(), declared.location(), ts, m.label(), Task.valueOf(m.task()),
        Algorithm.valueOf(m.algorithm()), new SplitSpec(m.split().column(), m.split().testFraction()),
        new LinkedHashMap<>(m.params()), declared.rules());
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot delete %s: %s", dir, e.getMessage());
    }
  }
}
