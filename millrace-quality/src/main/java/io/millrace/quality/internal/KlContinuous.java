package io.millrace.quality.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The continuous half of {@link KlDivergence}: from a histogram over the partition's bins, builds
 * GE's observed and expected weight vectors including the tails and computes the divergence.
 *
 * <p>Expected weights are scaled by {@code 1 - tail_weight_holdout - internal_weight_holdout};
 * zero-weight bins share the internal holdout. An infinite end bin of the partition acts as that
 * side's tail; a finite end gets the partition's {@code tail_weights} or half the tail holdout. The
 * reported partitions drop infinite edges and list the tails separately, as GE does.
 */
final class KlContinuous {
  private KlContinuous() {}

  static Outcome judge(Partition p, long[] hist, long below, long above, long n, KlDivergence.Holdouts h) {
    int k = hist.length;
    double[] observed = new double[k];
    for (int i = 0; i < k; i++) {
      observed[i] = (double) hist[i] / n;
    }
    double[] expected = p.weights().clone();
    double scale = 1 - h.tail() - h.internal();
    for (int i = 0; i < k; i++) {
      expected[i] *= scale;
    }
    if (h.internal() > 0) {
      long zeros = Arrays.stream(expected).filter(w -> w == 0).count();
      for (int i = 0; i < k; i++) {
        if (expected[i] == 0) {
          expected[i] = h.internal() / zeros;
        }
      }
    }
    double belowW = (double) below / n;
    double aboveW = (double) above / n;
    double[] bins = p.bins();
    double[] combObs;
    double[] combExp;
    double[] obsTail;
    double[] expTail;
    double[] mainObs;
    double[] mainExp;
    double[] mainBins;
    if (p.lowerInfinite() && p.upperInfinite()) {
      mainBins = Arrays.copyOfRange(bins, 1, bins.length - 1);
      combExp = expected;
      combObs = observed;
      expTail = new double[] {expected[0], expected[k - 1]};
      obsTail = new double[] {observed[0], observed[k - 1]};
      mainExp = Arrays.copyOfRange(expected, 1, k - 1);
      mainObs = Arrays.copyOfRange(observed, 1, k - 1);
    } else if (p.lowerInfinite()) {
      mainBins = Arrays.copyOfRange(bins, 1, bins.length);
      combExp = append(expected, h.tail());
      combObs = append(observed, aboveW);
      expTail = new double[] {expected[0], h.tail()};
      obsTail = new double[] {observed[0], aboveW};
      mainExp = Arrays.copyOfRange(expected, 1, k);
      mainObs = Arrays.copyOfRange(observed, 1, k);
    } else if (p.upperInfinite()) {
      mainBins = Arrays.copyOfRange(bins, 0, bins.length - 1);
      combExp = prepend(h.tail(), expected);
      combObs = prepend(belowW, observed);
      expTail = new double[] {h.tail(), expected[k - 1]};
      obsTail = new double[] {belowW, observed[k - 1]};
      mainExp = Arrays.copyOfRange(expected, 0, k - 1);
      mainObs = Arrays.copyOfRange(observed, 0, k - 1);
    } else {
      mainBins = bins;
      expTail = p.tailWeights() != null ? p.tailWeights().clone() : new double[] {h.tail() / 2, h.tail() / 2};
      combExp = prepend(expTail[0], append(expected, expTail[1]));
      combObs = prepend(belowW, append(observed, aboveW));
      obsTail = new double[] {belowW, aboveW};
      mainExp = expected;
      mainObs = observed;
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("observed_partition", map(mainBins, mainObs, obsTail));
    details.put("expected_partition", map(mainBins, mainExp, expTail));
    return KlDivergence.verdictOf(DistStats.entropy(combObs, combExp), h.threshold()).withDetails(details);
  }

  private static Map<String, Object> map(double[] bins, double[] weights, double[] tails) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bins", Partition.list(bins));
    m.put("weights", Partition.list(weights));
    m.put("tail_weights", Partition.list(tails));
    return m;
  }

  private static double[] append(double[] a, double x) {
    double[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = x;
    return out;
  }

  private static double[] prepend(double x, double[] a) {
    double[] out = new double[a.length + 1];
    out[0] = x;
    System.arraycopy(a, 0, out, 1, a.length);
    return out;
  }
}
