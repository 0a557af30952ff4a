package io.millrace.quality.internal;

import java.util.Arrays;
import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/** Small statistics shared by the distributional expectations, with scipy/numpy semantics. */
final class DistStats {
  private DistStats() {}

  /**
   * Relative entropy (KL divergence, natural log) of {@code pk} from {@code qk}, as scipy's
   * {@code stats.entropy(pk, qk)}: both are first normalized to sum to 1; a term is 0 where
   * {@code pk} is 0 and +infinity where only {@code qk} is 0. NaN when a sum is 0.
   */
  static double entropy(double[] pk, double[] qk) {
    double sp = Partition.sum(pk);
    double sq = Partition.sum(qk);
    double s = 0;
    for (int i = 0; i < pk.length; i++) {
      double p = pk[i] / sp;
      double q = qk[i] / sq;
      if (Double.isNaN(p) || Double.isNaN(q)) {
        return Double.NaN;
      }
      if (p > 0 && q > 0) {
        s += p * Math.log(p / q);
      } else if (p > 0 || p < 0 || q < 0) {
        return Double.POSITIVE_INFINITY;
      }
    }
    return s;
  }

  /** Pearson's statistic {@code sum((o - e)^2 / e)}; a cell with e = 0 and o > 0 makes it infinite. */
  static double pearson(double[] observed, double[] expected) {
    double s = 0;
    for (int i = 0; i < observed.length; i++) {
      double d = observed[i] - expected[i];
      s += d * d / expected[i];
    }
    return s;
  }

  /** Upper tail probability of the chi-squared distribution, accurate far into the tail. */
  static double chiSquareSf(double statistic, double df) {
    if (Double.isNaN(statistic)) {
      return Double.NaN;
    }
    if (statistic == Double.POSITIVE_INFINITY) {
      return 0;
    }
    if (statistic <= 0) {
      return 1;
    }
    return Gamma.regularizedGammaQ(df / 2, statistic / 2);
  }

  /**
   * Bin edges as numpy's {@code histogram_bin_edges(data, "auto")}: the smaller of the Sturges and
   * Freedman–Diaconis widths (Sturges when the IQR is 0), equal-width bins from min to max.
   */
  static double[] autoBins(double[] data) {
    double[] sorted = data.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double lo = sorted[0];
    double hi = sorted[n - 1];
    if (lo == hi) {
      return new double[] {lo - 0.5, hi + 0.5};
    }
    double ptp = hi - lo;
    double sturges = ptp / (Math.log(n) / Math.log(2) + 1);
    Percentile pct = new Percentile().withEstimationType(EstimationType.R_7);
    double iqr = pct.evaluate(sorted, 75) - pct.evaluate(sorted, 25);
    double fd = 2 * iqr * Math.pow(n, -1.0 / 3);
    double width = fd > 0 ? Math.min(fd, sturges) : sturges;
    return linspace(lo, hi, (int) Math.ceil(ptp / width));
  }

  /** {@code bins + 1} equally spaced edges from lo to hi (numpy {@code linspace}). */
  static double[] linspace(double lo, double hi, int bins) {
    double[] edges = new double[bins + 1];
    double step = (hi - lo) / bins;
    for (int i = 0; i <= bins; i++) {
      edges[i] = lo + i * step;
    }
    edges[bins] = hi;
    return edges;
  }

  /** numpy {@code histogram}: half-open bins, the last one closed; values outside are not counted. */
  static long[] histogram(double[] data, double[] edges) {
    long[] counts = new long[edges.length - 1];
    int k = counts.length;
    for (double x : data) {
      if (x < edges[0] || x > edges[k]) {
        continue;
      }
      int i = Arrays.binarySearch(edges, x);
      int bin = i >= 0 ? i : -i - 2; // index of the last edge <= x
      counts[Math.min(bin, k - 1)]++;
    }
    return counts;
  }
}
