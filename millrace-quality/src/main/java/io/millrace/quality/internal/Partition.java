package io.millrace.quality.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A GE {@code partition_object}: either categorical ({@code values} + {@code weights}) or continuous
 * ({@code bins} + {@code weights}, optional {@code tail_weights}). Validity follows GE: the same
 * number of values as weights (categorical), one more bin edge than weights with strictly increasing
 * edges (continuous), and weights (plus tail weights) summing to 1 within numpy's {@code allclose}
 * tolerance.
 *
 * @param values categorical values as written (null for a continuous partition)
 * @param bins continuous bin edges, possibly infinite at the ends (null for a categorical one)
 * @param weights one weight per value or bin
 * @param tailWeights weights below the first and above the last edge, or null when absent
 */
record Partition(List<Object> values, double[] bins, double[] weights, double[] tailWeights) {

  boolean categorical() {
    return values != null;
  }

  /** A partition object read from kwargs, or null when it is not a valid GE partition. */
  static Partition parse(Object raw) {
    if (!(raw instanceof Map<?, ?> m) || !(m.get("weights") instanceof List<?> w)) {
      return null;
    }
    double[] weights = numbers(w);
    if (weights == null) {
      return null;
    }
    if (m.get("bins") instanceof List<?> b) {
      double[] bins = numbers(b);
      double[] tails = m.get("tail_weights") instanceof List<?> t ? numbers(t) : null;
      if (bins == null || bins.length != weights.length + 1 || m.containsKey("tail_weights")
          && (tails == null || tails.length != 2)) {
        return null;
      }
      for (int i = 1; i < bins.length; i++) {
        if (!(bins[i] > bins[i - 1])) {
          return null;
        }
      }
      double total = sum(weights) + (tails == null ? 0 : sum(tails));
      return closeToOne(total) ? new Partition(null, bins, weights, tails) : null;
    }
    if (m.get("values") instanceof List<?> v && v.size() == weights.length && closeToOne(sum(weights))) {
      return new Partition(new ArrayList<>(v), null, weights, null);
    }
    return null;
  }

  /** Parses and requires a valid partition; the message names what GE would reject. */
  static Partition require(Object raw) {
    Partition p = parse(raw);
    if (p == null) {
      throw new BindError("Invalid partition object: " + raw + " (ValueError: expected {values, weights} or "
          + "{bins, weights[, tail_weights]} with weights summing to 1 and increasing bins)");
    }
    return p;
  }

  boolean lowerInfinite() {
    return bins[0] == Double.NEGATIVE_INFINITY;
  }

  boolean upperInfinite() {
    return bins[bins.length - 1] == Double.POSITIVE_INFINITY;
  }

  private static boolean closeToOne(double total) {
    return Math.abs(total - 1.0) <= 1e-8 + 1e-5; // numpy.allclose(total, 1): atol + rtol * |1|
  }

  static double sum(double[] a) {
    double s = 0;
    for (double x : a) {
      s += x;
    }
    return s;
  }

  private static double[] numbers(List<?> l) {
    double[] out = new double[l.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(l.get(i) instanceof Number n)) {
        return null;
      }
      out[i] = n.doubleValue();
    }
    return out;
  }

  /** The edges as a JSON-friendly list (whole numbers stay whole). */
  static List<Object> list(double[] a) {
    List<Object> out = new ArrayList<>(a.length);
    for (double x : a) {
      out.add(x);
    }
    return out;
  }
}
