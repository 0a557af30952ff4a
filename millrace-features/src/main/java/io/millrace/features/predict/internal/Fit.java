package io.millrace.features.predict.internal;

import io.millrace.api.predict.Algorithm;
import io.millrace.api.predict.PredictorSpec;
import java.nio.file.Path;
import java.util.Map;

/** Trains the predictor's algorithm on the training part, evaluates on the held-out part, saves the model. */
public final class Fit {
  /** The model and its held-out metrics. */
  public record Result(FittedModel model, Map<String, Object> metrics) {}

  private Fit() {}

  public static Result run(PredictorSpec spec, Matrix train, Matrix test, Path dir) {
    FittedModel model;
    if (spec.algorithm() == Algorithm.XGBOOST) {
      model = XgbTrainer.train(spec, train);
      model.save(dir);
    } else {
      TribuoTrainer.Trained t = TribuoTrainer.train(spec, train);
      t.save(dir);
      model = t.model();
    }
    double[] scores = model.scores(test.x(), test.n());
    return new Result(model, Metrics.of(spec.task(), test.y(), scores));
  }

  public static void writeMetrics(Path dir, Map<String, Object> metrics) {
    Manifest.writeJson(dir.resolve("metrics.json"), metrics);
  }
}
