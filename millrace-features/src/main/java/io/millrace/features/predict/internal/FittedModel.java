package io.millrace.features.predict.internal;

import java.nio.file.Path;

/**
 * A trained model over a fixed, ordered list of numeric features. Rows are given row-major in one
 * array ({@code n * features}); a missing value is {@link Float#NaN}. Implementations are thread-safe.
 */
public interface FittedModel {
  /** The score of each row: the probability of the positive class, or the predicted value. */
  double[] scores(float[] rows, int n);

  /**
   * Each feature's contribution to each row's score, in the model's margin units (log-odds for
   * classification): SHAP values for trees, weight &times; standardized value for linear models.
   */
  double[][] contributions(float[] rows, int n);

  /** Writes the model's files into an artifact folder. */
  void save(Path dir);
}
