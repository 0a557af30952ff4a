package io.millrace.features.predict;

import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.MlTasks;
import io.millrace.api.spi.Warehouse;

/**
 * The trainer of pipeline {@code train:<predictor>} nodes: {@link Trainer#train} with the project's
 * {@link ModelStore}, exactly as {@code millrace train} runs it (a fresh version, tables at their current
 * snapshots, which are those the run just committed).
 */
public final class PipelineTraining implements MlTasks {
  @Override
  public Trained train(ProjectSpec project, PredictorSpec predictor, EngineSession session, Warehouse warehouse) {
    TrainResult r = Trainer.train(project, predictor, session, warehouse, ModelStore.of(project), null);
    return new Trained(r.version(), r.artifact().toString(), r.trainRows() + r.testRows(), r.metrics());
  }
}
