package io.millrace.quality.profile.internal;

/**
 * Shannon entropy in bits from group counts, in the form the SQL computes: with {@code n} rows in
 * groups of {@code c_i}, {@code H = -sum (c_i/n) log2(c_i/n) = log2 n - (sum c_i log2 c_i) / n}.
 * Results are clamped at 0 against rounding.
 */
public final class Entropy {
  private Entropy() {}

  /** Entropy of {@code n} rows whose groups have {@code sumCLogC = sum c_i log2 c_i}. */
  public static double of(long n, double sumCLogC) {
    if (n <= 1) {
      return 0;
    }
    return clamp(log2(n) - sumCLogC / n);
  }

  /**
   * Information gain {@code H(T) - H(T|C)} over {@code n} rows, where {@code H(T|C) = (sum_v n_v
   * log2 n_v - sum_{v,y} c_vy log2 c_vy) / n}.
   *
   * @param targetSum {@code sum_y n_y log2 n_y} over target groups
   * @param columnSum {@code sum_v n_v log2 n_v} over column groups
   * @param jointSum {@code sum c_vy log2 c_vy} over (column, target) groups
   */
  public static double informationGain(long n, double targetSum, double columnSum, double jointSum) {
    if (n <= 1) {
      return 0;
    }
    double targetEntropy = of(n, targetSum);
    double conditional = clamp((columnSum - jointSum) / n);
    return Math.min(targetEntropy, clamp(targetEntropy - conditional));
  }

  public static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  private static double clamp(double bits) {
    return bits < 1e-12 ? 0 : bits;
  }
}
