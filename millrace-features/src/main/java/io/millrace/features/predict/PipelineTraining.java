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
import io.millrace.features.predict.internal.Pins;
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
    TrainResult r = Trainer.train(project, predictor, session, warehouse, ModelStore.of(project), null);
    return new Trained(r.version(), r.artifact().toString(), r.trainRows() + r.testRows(), r.metrics());
  }

  /** {@link TrainingSets#build} as {@code millrace training-set} runs it; an entity table is read once first. */
  @Override
  public long trainingSet(ProjectSpec project, TrainingSetSpec spec, EngineSession session, Warehouse warehouse,
                          Path out) {
    FeatureDefinitions defs = project.features();
    List<FeatureRef> refs = spec.service() != null ? defs.service(spec.service()) : defs.resolve(spec.features());
    Path entityFile = spec.entitiesIsFile() ? project.root().resolve(spec.entities()) : null;
    String entityTable = entityFile == null ? Pins.entityCopy(session, spec.entities()) : null;
    return TrainingSets.build(project, session, warehouse, new TrainingSetRequest(entityFile, entityTable, refs, null,
        out, spec.timestampColumn(), false)).rows();
  }
}
