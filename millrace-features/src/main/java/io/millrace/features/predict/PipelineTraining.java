package io.millrace.features.predict;

import io.millrace.api.features.FeatureDefinitions;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.predict.TrainingSetSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.MlTasks;
import io.millrace.api.spi.Warehouse;
import io.millrace.features.TrainingSetRequest;
import io.millrace.features.TrainingSets;
import java.nio.file.Path;
import java.util.List;

/**
 * The work of pipeline {@code train:<predictor>} and training-set nodes. Training: {@link Trainer#train} with the project's
 * {@link ModelStore}, exactly as {@code millrace train} runs it (a fresh version, tables at their current
 * snapshots, which are those the run just committed).
 */
public final class PipelineTraining implements MlTasks {
  @Override
  public Trained train(ProjectSpec project, PredictorSpec predictor, EngineSession session, Warehouse warehouse) {
    ModelStore store = ModelStore.of(project);
    String kept = keep(store, predictor);
    if (kept != null) {
      String v = store.latest(predictor.name()).orElseThrow();
      return new Trained(v, store.dir(predictor.name(), v).toString(), 0, java.util.Map.of(), kept);
    }
    TrainResult r = Trainer.train(project, predictor, session, warehouse, store, null);
    return new Trained(r.version(), r.artifact().toString(), r.trainRows() + r.testRows(), r.metrics(), null);
  }

  /** With {@code retrain: <period>}, why the latest version is kept (it is younger than the period), else null. */
  private static String keep(ModelStore store, PredictorSpec predictor) {
    if (predictor.retrainEvery() == null) {
      return null;
    }
    var latest = store.latest(predictor.name());
    if (latest.isEmpty()) {
      return null;
    }
    Path dir = store.dir(predictor.name(), latest.get());
    try {
      java.time.Duration age = java.time.Duration.between(java.nio.file.Files.getLastModifiedTime(dir).toInstant(),
          java.time.Instant.now());
      if (age.compareTo(predictor.retrainEvery()) >= 0) {
        return null;
      }
      return String.format(java.util.Locale.ROOT, "%s was trained %s ago; retrain: %s", latest.get(),
          human(age), human(predictor.retrainEvery()));
    } catch (java.io.IOException e) {
      throw io.millrace.api.MillraceException.external(e, "Cannot read the age of %s: %s", dir, e.getMessage());
    }
  }

  private static String human(java.time.Duration d) {
    long s = d.toSeconds();
    return s >= 86_400 && s % 86_400 == 0 ? s / 86_400 + "d" : s >= 3_600 ? s / 3_600 + "h" + (s % 3_600 / 60 > 0
        ? s % 3_600 / 60 + "m" : "") : s >= 60 ? s / 60 + "m" : s + "s";
  }

  /** {@link TrainingSets#build} as {@code millrace training-set} runs it; an entity table is read once first. */
  @Override
  public long trainingSet(ProjectSpec project, TrainingSetSpec spec, EngineSession session, Warehouse warehouse,
                          Path out) {
    FeatureDefinitions defs = project.features();
    List<FeatureRef> refs = spec.service() != null ? defs.service(spec.service()) : defs.resolve(spec.features());
    Path entityFile = spec.entitiesIsFile() ? project.root().resolve(spec.entities()) : null;
    String entityTable = entityFile == null ? spec.entities() : null;
    return TrainingSets.build(project, session, warehouse, new TrainingSetRequest(entityFile, entityTable, refs, null,
        out, spec.timestampColumn(), false)).rows();
  }
}
