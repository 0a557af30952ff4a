package io.millrace.features.predict.internal;

/**
 * Rows of numeric features (row-major, NaN for missing) with their labels.
 *
 * @param x {@code n * features} values
 * @param y one label per row (1/0 for classification)
 * @param n rows
 * @param features columns
 */
public record Matrix(float[] x, double[] y, int n, int features) {
  /** Rows {@code from} (inclusive) to {@code to} (exclusive). */
  public Matrix slice(int from, int to) {
    float[] xs = java.util.Arrays.copyOfRange(x, from * features, to * features);
    double[] ys = java.util.Arrays.copyOfRange(y, from, to);
    return new Matrix(xs, ys, to - from, features);
  }

  public float get(int row, int col) {
    return x[row * features + col];
  }
}
