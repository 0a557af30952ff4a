package io.millrace.quality.internal;

import org.apache.commons.math3.distribution.RealDistribution;

/** scipy's location/scale family: {@code F(x) = G((x - loc) / scale)} for a standard distribution G. */
final class ShiftedDistribution extends CdfDistribution {
  private static final long serialVersionUID = 1L;
  private final RealDistribution base;
  private final double loc;
  private final double scale;

  ShiftedDistribution(RealDistribution base, double loc, double scale) {
    this.base = base;
    this.loc = loc;
    this.scale = scale;
  }

  @Override
  public double cumulativeProbability(double x) {
    return base.cumulativeProbability((x - loc) / scale);
  }

  @Override
  public double getSupportLowerBound() {
    return loc + scale * base.getSupportLowerBound();
  }

  @Override
  public double getSupportUpperBound() {
    return loc + scale * base.getSupportUpperBound();
  }
}
