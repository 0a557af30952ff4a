package io.millrace.core.math;

/**
 * The M/M/1 queue (Poisson arrivals at rate λ, exponential service at rate μ, one server): how busy a
 * stream job is and how long events wait. Rates are events per second, times in seconds.
 *
 * @param arrivalRate λ, observed events per second in
 * @param serviceRate μ, observed events per second one instance processes when busy
 */
public record Queueing(double arrivalRate, double serviceRate) {
  public Queueing {
    if (!(arrivalRate >= 0) || Double.isInfinite(arrivalRate)) {
      throw new IllegalArgumentException("Cannot model a queue: arrival rate must be >= 0, found " + arrivalRate);
    }
    if (!(serviceRate > 0) || Double.isInfinite(serviceRate)) {
      throw new IllegalArgumentException("Cannot model a queue: service rate must be > 0, found " + serviceRate);
    }
  }

  /** ρ = λ/μ. */
  public double utilization() {
    return arrivalRate / serviceRate;
  }

  /** A queue is stable (does not grow without bound) when ρ < 1. */
  public boolean stable() {
    return utilization() < 1;
  }

  /** Mean number waiting, ρ²/(1−ρ); infinite when unstable. */
  public double meanQueueLength() {
    double rho = utilization();
    return stable() ? rho * rho / (1 - rho) : Double.POSITIVE_INFINITY;
  }

  /** Mean time waiting before service, ρ/(μ(1−ρ)) seconds; infinite when unstable. */
  public double meanWaitSeconds() {
    double rho = utilization();
    return stable() ? rho / (serviceRate * (1 - rho)) : Double.POSITIVE_INFINITY;
  }

  /**
   * The service rate μ' for which the mean wait is {@code targetWaitSeconds}: the positive root of
   * λ/(μ'(μ'−λ)) = W, i.e. μ' = (λ + sqrt(λ² + 4λ/W)) / 2 (λ when nothing arrives).
   */
  public double serviceRateFor(double targetWaitSeconds) {
    if (!(targetWaitSeconds > 0)) {
      throw new IllegalArgumentException("Cannot size for a wait of " + targetWaitSeconds + " s: it must be > 0");
    }
    double l = arrivalRate;
    return l == 0 ? 0 : (l + Math.sqrt(l * l + 4 * l / targetWaitSeconds)) / 2;
  }

  /**
   * Instances needed for the target wait when the input splits evenly over n instances of rate μ
   * each (n independent M/M/1 queues with λ/n): the least n ≥ 1 whose mean wait is at most the target.
   */
  public int instancesFor(double targetWaitSeconds) {
    for (int n = 1; n < 100_000; n++) {
      Queueing per = new Queueing(arrivalRate / n, serviceRate);
      if (per.stable() && per.meanWaitSeconds() <= targetWaitSeconds) {
        return n;
      }
    }
    throw new IllegalArgumentException("Cannot size for a wait of " + targetWaitSeconds + " s: more than 100000 instances");
  }
}
