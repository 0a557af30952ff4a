package io.millrace.api.spi;

import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.project.ProjectSpec;
import java.util.Map;
import java.util.Objects;

/**
 * The machine-learning work a pipeline node can do, implemented by millrace-features and handed to the
 * pipeline runner (millrace-core does not depend on the trainer).
 */
public interface MlTasks {
  /**
   * Trains a new version of a predictor as {@code millrace train} does: its training set built point-in-time
   * from the warehouse tables at their current snapshots, stored under {@code .millrace/models/<name>/}.
   *
   * @param session an engine session of the run, closed by the caller
   * @throws io.millrace.api.MillraceException as {@code millrace train} would
   */
  Trained train(ProjectSpec project, PredictorSpec predictor, EngineSession session, Warehouse warehouse);

  /**
   * Builds a point-in-time training set, as {@code millrace training-set} does, into a Parquet file.
   *
   * @param session an engine session in which the project's tables are queryable by name
   * @param out the Parquet file to write (absent)
   * @return the rows written (one per entity row)
   */
  long trainingSet(ProjectSpec project, io.millrace.api.predict.TrainingSetSpec spec, EngineSession session,
                   Warehouse warehouse, java.nio.file.Path out);

  /**
   * What a training produced.
   *
   * @param version the stored version ({@code v3})
   * @param artifact where it is stored
   * @param rows training-set rows with a label (train + held out)
   * @param metrics evaluation on the held-out rows, by name
   * @param kept why no new version was trained ({@code retrain: 1d} and the latest is younger), or null
   */
  record Trained(String version, String artifact, long rows, Map<String, Object> metrics, String kept) {
    public Trained {
      Objects.requireNonNull(version, "version");
      metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }
  }
}
