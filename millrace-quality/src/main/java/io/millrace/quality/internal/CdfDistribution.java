package io.millrace.quality.internal;

import org.apache.commons.math3.distribution.AbstractRealDistribution;

/**
 * A distribution known only by its CDF, enough for commons-math's Kolmogorov–Smirnov test (which
 * only evaluates {@link #cumulativeProbability}). Moments and density are not needed and not
 * provided; sampling is unsupported.
 */
abstract class CdfDistribution extends AbstractRealDistribution {
  private static final long serialVersionUID = 1L;

  CdfDistribution() {
    super(null);
  }

  @Override
  public double density(double x) {
    throw new UnsupportedOperationException("density is not available for a CDF-only distribution");
  }

  @Override
  public double getNumericalMean() {
    return Double.NaN;
  }

  @Override
  public double getNumericalVariance() {
    return Double.NaN;
  }

  @Override
  public boolean isSupportLowerBoundInclusive() {
    return true;
  }

  @Override
  public boolean isSupportUpperBoundInclusive() {
    return true;
  }

  @Override
  public boolean isSupportConnected() {
    return true;
  }
}
