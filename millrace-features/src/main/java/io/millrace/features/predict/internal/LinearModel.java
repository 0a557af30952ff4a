package io.millrace.features.predict.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.millrace.api.MillraceException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A linear model over standardized features, scored in plain Java (immutable, so thread-safe): each
 * feature becomes {@code z = (x - mean) / std}, a missing value becomes {@code z = 0} (mean
 * imputation: the training mean), the margin is {@code bias + sum(weight * z)}, and a classifier's
 * score is {@code 1 / (1 + exp(-margin))}. The weights come from the Tribuo model trained on the same
 * standardized rows; that model is stored beside them.
 *
 * @param logistic whether the score is a probability (logistic regression)
 */
record LinearModel(double[] mean, double[] std, double[] weights, double bias, boolean logistic)
    implements FittedModel {
  static final String FILE = "linear.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static LinearModel load(Path dir) {
    try {
      return JSON.readValue(dir.resolve(FILE).toFile(), LinearModel.class);
    } catch (IOException e) {
      throw MillraceException.internal(e, "Cannot load model %s: %s", dir.resolve(FILE), e.getMessage());
    }
  }

  double z(int j, float x) {
    return Float.isNaN(x) ? 0 : (x - mean[j]) / std[j];
  }

  @Override
  public double[] scores(float[] rows, int n) {
    int f = weights.length;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double m = bias;
      for (int j = 0; j < f; j++) {
        m += weights[j] * z(j, rows[i * f + j]);
      }
      out[i] = logistic ? 1 / (1 + Math.exp(-m)) : m;
    }
    return out;
  }

  @Override
  public double[][] contributions(float[] rows, int n) {
    int f = weights.length;
    double[][] out = new double[n][f];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < f; j++) {
        out[i][j] = weights[j] * z(j, rows[i * f + j]);
      }
    }
    return out;
  }

  @Override
  public void save(Path dir) {
    try {
      JSON.writeValue(dir.resolve(FILE).toFile(), this);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot write model %s: %s", dir.resolve(FILE), e.getMessage());
    }
  }
}
