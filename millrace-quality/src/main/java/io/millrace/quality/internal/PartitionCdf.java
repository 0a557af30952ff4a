package io.millrace.quality.internal;

/**
 * The CDF implied by a continuous partition, as GE estimates it: linear interpolation of the
 * cumulative weights between bin edges ({@code numpy.interp}), 0 below the first edge and the total
 * weight above the last.
 */
final class PartitionCdf extends CdfDistribution {
  private static final long serialVersionUID = 1L;
  private final double[] bins;
  private final double[] cdf;

  PartitionCdf(Partition p) {
    bins = p.bins();
    cdf = new double[bins.length];
    for (int i = 1; i < bins.length; i++) {
      cdf[i] = cdf[i - 1] + p.weights()[i - 1];
    }
  }

  /** The cumulative weight at each edge, starting with 0. */
  double[] cdfAtEdges() {
    return cdf.clone();
  }

  @Override
  public double cumulativeProbability(double x) {
    if (x <= bins[0]) {
      return cdf[0];
    }
    int last = bins.length - 1;
    if (x >= bins[last]) {
      return cdf[last];
    }
    int i = java.util.Arrays.binarySearch(bins, x);
    if (i >= 0) {
      return cdf[i];
    }
    int hi = -i - 1;
    int lo = hi - 1;
    return cdf[lo] + (x - bins[lo]) * (cdf[hi] - cdf[lo]) / (bins[hi] - bins[lo]);
  }

  @Override
  public double getSupportLowerBound() {
    return bins[0];
  }

  @Override
  public double getSupportUpperBound() {
    return bins[bins.length - 1];
  }
}
