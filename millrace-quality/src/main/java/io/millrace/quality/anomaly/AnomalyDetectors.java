package io.millrace.quality.anomaly;

import io.millrace.api.MillraceException;
import java.util.List;
import java.util.Locale;

/**
 * Pure functions that judge a metric's new value against its history. Stateless and thread-safe.
 *
 * <p>History lists are oldest first (as {@link io.millrace.api.spi.MetricHistory#values} returns
 * them) and must hold finite numbers only: a null or NaN point is a bug in whoever recorded it, so
 * it is rejected rather than skipped.
 */
public final class AnomalyDetectors {
  /** Relative tolerance when the smoothed deviation is zero (a perfectly flat history). */
  static final double FLAT_EPSILON = 1e-9;

  private AnomalyDetectors() {}

  /**
   * Exponential smoothing of level and absolute deviation (an EWMA control band).
   *
   * <p>Over the history {@code x_0..x_n-1}: {@code s_0 = x_0}, {@code d_0 = 0}, and for {@code t >= 1}
   * {@code d_t = a*|x_t - s_t-1| + (1-a)*d_t-1}, {@code s_t = a*x_t + (1-a)*s_t-1}. The value is
   * anomalous when {@code |value - s| > k * d} with {@code s, d} the last level and deviation. When
   * {@code d = 0} (flat history) any value differing from {@code s} by more than a relative
   * epsilon ({@value #FLAT_EPSILON}) is anomalous. A non-finite value is always anomalous.
   *
   * @param history past values, oldest first
   * @param value the new value
   * @param alpha smoothing factor in (0, 1]; larger reacts faster
   * @param k band width in smoothed deviations, {@code >= 0}
   * @param minHistory fewest history points needed to judge, {@code >= 1}; with fewer the value is
   *     not anomalous and the explanation says "not enough history"
   * @throws MillraceException USER when a parameter is out of range or the history holds a null or
   *     non-finite point
   */
  public static AnomalyVerdict exponentialSmoothing(List<Double> history, double value, double alpha,
                                                    double k, int minHistory) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw MillraceException.user("Cannot detect anomalies: alpha %s is not in (0, 1]", alpha);
    }
    if (!(k >= 0) || Double.isInfinite(k)) {
      throw MillraceException.user("Cannot detect anomalies: k %s is not a finite number >= 0", k);
    }
    if (minHistory < 1) {
      throw MillraceException.user("Cannot detect anomalies: min history %d is below 1", minHistory);
    }
    checkHistory(history);
    int n = history.size();
    if (n < minHistory) {
      return new AnomalyVerdict(false, Double.NaN, 0,
          "not enough history (" + n + " < " + minHistory + ")");
    }
    double s = history.get(0);
    double d = 0;
    for (int t = 1; t < n; t++) {
      double x = history.get(t);
      d = alpha * Math.abs(x - s) + (1 - alpha) * d;
      s = alpha * x + (1 - alpha) * s;
    }
    double deviation = Math.abs(value - s);
    if (!Double.isFinite(value)) {
      return new AnomalyVerdict(true, s, Double.NaN, "value " + value + " is not a finite number");
    }
    if (d == 0) {
      boolean anomalous = deviation > FLAT_EPSILON * Math.max(Math.abs(s), Math.abs(value));
      return new AnomalyVerdict(anomalous, s, deviation, "value " + fmt(value)
          + (anomalous ? " differs from" : " equals") + " the flat history level " + fmt(s));
    }
    double band = k * d;
    boolean anomalous = deviation > band;
    return new AnomalyVerdict(anomalous, s, deviation, "|" + fmt(value) + " - " + fmt(s) + "| = "
        + fmt(deviation) + (anomalous ? " > " : " <= ") + fmt(k) + " x smoothed deviation "
        + fmt(d) + " = " + fmt(band));
  }

  /**
   * Relative change against the last history value: {@code change = (value - last) / |last|}.
   * Anomalous when {@code change > maxIncrease} or {@code -change > maxDecrease}. From a last value
   * of 0 any non-zero value is an infinite change. With an empty history nothing is anomalous.
   *
   * @param maxIncrease largest accepted rise as a fraction (0.5 = +50%), or null for no limit
   * @param maxDecrease largest accepted fall as a positive fraction (0.5 = -50%), or null
   * @return a verdict whose {@code expected} is the last value and {@code deviation} the signed
   *     change fraction
   * @throws MillraceException USER when both limits are null or one is negative or NaN, or the
   *     history holds a null or non-finite point
   */
  public static AnomalyVerdict relativeChange(List<Double> history, double value, Double maxIncrease,
                                              Double maxDecrease) {
    if (maxIncrease == null && maxDecrease == null) {
      throw MillraceException.user("Cannot check relative change: neither max increase nor max decrease is set");
    }
    checkLimit("max increase", maxIncrease);
    checkLimit("max decrease", maxDecrease);
    checkHistory(history);
    if (history.isEmpty()) {
      return new AnomalyVerdict(false, Double.NaN, 0, "not enough history (0 < 1)");
    }
    double last = history.get(history.size() - 1);
    if (!Double.isFinite(value)) {
      return new AnomalyVerdict(true, last, Double.NaN, "value " + value + " is not a finite number");
    }
    double change = relative(value, last);
    String moved = "changed by " + pct(change) + " from " + fmt(last) + " to " + fmt(value);
    if (maxIncrease != null && change > maxIncrease) {
      return new AnomalyVerdict(true, last, change, moved + ", more than the allowed " + pct(maxIncrease));
    }
    if (maxDecrease != null && -change > maxDecrease) {
      return new AnomalyVerdict(true, last, change, moved + ", more than the allowed " + pct(-maxDecrease));
    }
    return new AnomalyVerdict(false, last, change, moved + ", within limits");
  }

  /**
   * Fixed bounds, both inclusive. Anomalous when {@code value < min} or {@code value > max} or the
   * value is NaN.
   *
   * @param min lower bound or null for none
   * @param max upper bound or null for none
   * @return a verdict whose {@code expected} is the violated bound (the value when none is) and
   *     {@code deviation} the distance to it
   * @throws MillraceException USER when {@code min > max}
   */
  public static AnomalyVerdict bounds(double value, Double min, Double max) {
    if (min != null && max != null && min > max) {
      throw MillraceException.user("Cannot check bounds: min %s is greater than max %s", min, max);
    }
    if (Double.isNaN(value)) {
      return new AnomalyVerdict(true, Double.NaN, Double.NaN, "value NaN is not a number");
    }
    if (min != null && value < min) {
      return new AnomalyVerdict(true, min, min - value, "value " + fmt(value) + " is below the minimum " + fmt(min));
    }
    if (max != null && value > max) {
      return new AnomalyVerdict(true, max, value - max, "value " + fmt(value) + " is above the maximum " + fmt(max));
    }
    return new AnomalyVerdict(false, value, 0, "value " + fmt(value) + " is within ["
        + (min == null ? "-inf" : fmt(min)) + ", " + (max == null ? "+inf" : fmt(max)) + "]");
  }

  private static double relative(double value, double last) {
    if (last == 0) {
      return value == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, value);
    }
    return (value - last) / Math.abs(last);
  }

  private static void checkHistory(List<Double> history) {
    if (history == null) {
      throw MillraceException.user("Cannot detect anomalies: history is null");
    }
    for (int i = 0; i < history.size(); i++) {
      Double x = history.get(i);
      if (x == null || !Double.isFinite(x)) {
        throw MillraceException.user("Cannot detect anomalies: history point %d is %s, not a finite number", i, x);
      }
    }
  }

  private static void checkLimit(String name, Double limit) {
    if (limit != null && !(limit >= 0)) {
      throw MillraceException.user("Cannot check relative change: %s %s is not a fraction >= 0", name, limit);
    }
  }

  private static String fmt(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : String.format(Locale.ROOT, "%.6g", x);
  }

  private static String pct(double fraction) {
    return Double.isInfinite(fraction) ? (fraction > 0 ? "+inf%" : "-inf%")
        : String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
  }
}
