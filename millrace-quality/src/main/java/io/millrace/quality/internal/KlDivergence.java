package io.millrace.quality.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code expect_column_kl_divergence_to_be_less_than} with GE's semantics: the observed
 * distribution (value counts, or a histogram over the partition's bins) is compared with the
 * partition by scipy's relative entropy; {@code tail_weight_holdout} and
 * {@code internal_weight_holdout} move expected weight to unexpected values, the tails or
 * zero-weight bins. The observed value is null when the divergence is infinite or undefined; a null
 * threshold always succeeds.
 *
 * <p>Data access: a continuous partition compiles to {@code count_if} terms of the cheap scan (one per
 * bin plus below/above counts); a categorical one to one GROUP BY (at most
 * {@link ColumnData#MAX_GROUPS} values). Without a partition object GE profiles the column itself:
 * the values are read (at most {@link ColumnData#MAX_VALUES}) and binned with numpy's "auto" rule.
 */
final class KlDivergence {
  private KlDivergence() {}

  static Check compile(BindContext c) {
    Kwargs k = c.kwargs();
    String col = k.column("column", c.schema());
    Object raw = k.raw("partition_object");
    Double threshold = k.number("threshold");
    if (threshold != null && threshold < 0) {
      throw new BindError("Threshold must be specified, greater than or equal to zero (ValueError)");
    }
    double tail = holdout(k, "tail_weight_holdout");
    double internal = holdout(k, "internal_weight_holdout");
    Holdouts h = new Holdouts(tail, internal, threshold);
    if (raw == null) {
      return k.bool("bucketize_data", true) ? profiledContinuous(c, col, h) : categorical(c, col, null, h);
    }
    Partition p = Partition.require(raw);
    if (tail != 0 && p.tailWeights() != null) {
      throw new BindError("tail_weight_holdout must be 0 when using tail_weights in partition object (ValueError)");
    }
    if (p.categorical()) {
      if (internal > 0) {
        throw new BindError("Internal weight holdout cannot be used for discrete data (ValueError)");
      }
      return categorical(c, col, p, h);
    }
    if (!k.bool("bucketize_data", true)) {
      throw new BindError("KL Divergence cannot be computed with a continuous partition object and the "
          + "bucketize_data parameter set to false (ValueError)");
    }
    checkInfiniteEnds(p, tail);
    return continuous(c, col, p, h);
  }

  /** The holdouts and threshold of one expectation. */
  record Holdouts(double tail, double internal, Double threshold) {}

  private static double holdout(Kwargs k, String key) {
    Double v = k.number(key);
    if (v == null) {
      return 0;
    }
    if (v < 0) {
      throw new BindError(key + " " + v + ": ensure this value is greater than or equal to 0 (ValueError)");
    }
    if (v > 1) {
      throw new BindError(key + " " + v + ": ensure this value is less than or equal to 1 (ValueError)");
    }
    return v;
  }

  private static void checkInfiniteEnds(Partition p, double tail) {
    if (p.lowerInfinite() && p.upperInfinite() && tail > 0) {
      throw new BindError("tail_weight_holdout cannot be used for partitions with infinite endpoints (ValueError)");
    }
    if ((p.lowerInfinite() || p.upperInfinite()) && p.tailWeights() != null) {
      throw new BindError("There can be no tail weights for partitions with one or both endpoints at infinity "
          + "(ValueError)");
    }
  }

  private static Check categorical(BindContext c, String col, Partition p, Holdouts h) {
    String sql = ColumnData.valueCountsSql(c, col);
    return new Check.Aggregate(col, col, "kl_divergence", plan -> {
      int q = plan.query(sql);
      return r -> {
        Map<String, Map.Entry<Object, Long>> counts = ColumnData.counts(AggregateExpectations.rows(r, q), col);
        return judgeCategorical(p == null ? observedPartition(counts) : p, counts, h);
      };
    });
  }

  private static Partition observedPartition(Map<String, Map.Entry<Object, Long>> counts) {
    long n = counts.values().stream().mapToLong(Map.Entry::getValue).sum();
    List<Object> values = new ArrayList<>();
    double[] w = new double[counts.size()];
    int i = 0;
    for (Map.Entry<Object, Long> e : counts.values()) {
      values.add(e.getKey());
      w[i++] = (double) e.getValue() / n;
    }
    return new Partition(values, null, w, null);
  }

  static Outcome judgeCategorical(Partition p, Map<String, Map.Entry<Object, Long>> counts, Holdouts h) {
    long n = counts.values().stream().mapToLong(Map.Entry::getValue).sum();
    List<Object> index = new ArrayList<>(p.values());
    List<String> keys = new ArrayList<>(p.values().stream().map(Values::canonical).toList());
    for (Map.Entry<String, Map.Entry<Object, Long>> e : counts.entrySet()) {
      if (!keys.contains(e.getKey())) {
        keys.add(e.getKey());
        index.add(e.getValue().getKey());
      }
    }
    int unexpected = keys.size() - p.values().size();
    double[] pk = new double[keys.size()];
    double[] qk = new double[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      Map.Entry<Object, Long> cnt = counts.get(keys.get(i));
      pk[i] = cnt == null ? 0 : (double) cnt.getValue() / n;
      qk[i] = i >= p.values().size() ? h.tail() / unexpected
          : unexpected > 0 ? p.weights()[i] * (1 - h.tail()) : p.weights()[i];
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("observed_partition", categoricalMap(index, pk));
    details.put("expected_partition", categoricalMap(index, qk));
    return verdict(DistStats.entropy(pk, qk), h.threshold()).withDetails(details);
  }

  private static Map<String, Object> categoricalMap(List<Object> values, double[] weights) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("values", values);
    m.put("weights", Partition.list(weights));
    return m;
  }

  private static Outcome verdict(double kl, Double threshold) {
    Double observed = Double.isInfinite(kl) || Double.isNaN(kl) ? null : kl;
    return Outcome.of(threshold == null || kl <= threshold, observed);
  }

  private static Check continuous(BindContext c, String col, Partition p, Holdouts h) {
    requireNumeric(c, col);
    String x = Sql.ident(col);
    String dom = "(" + c.rowCondition() + ")";
    double[] b = p.bins();
    int bins = p.weights().length;
    List<String> exprs = new ArrayList<>();
    for (int i = 0; i < bins; i++) {
      String lower = b[i] == Double.NEGATIVE_INFINITY ? "" : " AND " + x + " >= " + Sql.literal(b[i]);
      String upper = i < bins - 1 ? " AND " + x + " < " + Sql.literal(b[i + 1])
          : b[bins] == Double.POSITIVE_INFINITY ? "" : " AND " + x + " <= " + Sql.literal(b[bins]);
      exprs.add("count_if(" + dom + " AND " + x + " IS NOT NULL" + lower + upper + ")");
    }
    String below = p.lowerInfinite() ? "0" : "count_if(" + dom + " AND " + x + " < " + Sql.literal(b[0]) + ")";
    String above = p.upperInfinite() ? "0"
        : "count_if(" + dom + " AND " + x + " > " + Sql.literal(b[bins]) + ")";
    String nonNull = "count_if(" + dom + " AND " + x + " IS NOT NULL)";
    return new Check.Aggregate(col, col, "kl_divergence", plan -> {
      int[] hs = exprs.stream().mapToInt(e -> plan.scalar(CostClass.CHEAP, e)).toArray();
      int hb = plan.scalar(CostClass.CHEAP, below);
      int ha = plan.scalar(CostClass.CHEAP, above);
      int hn = plan.scalar(CostClass.CHEAP, nonNull);
      return r -> {
        long[] hist = new long[hs.length];
        for (int i = 0; i < hs.length; i++) {
          hist[i] = count(r.value(hs[i]));
        }
        return KlContinuous.judge(p, hist, count(r.value(hb)), count(r.value(ha)), count(r.value(hn)), h);
      };
    });
  }

  /** No partition object: GE bins the column by numpy's "auto" rule and compares it with itself. */
  private static Check profiledContinuous(BindContext c, String col, Holdouts h) {
    requireNumeric(c, col);
    String sql = ColumnData.valuesSql(c, col);
    return new Check.Aggregate(col, col, "kl_divergence", plan -> {
      int q = plan.query(sql);
      return r -> {
        double[] data = ColumnData.doubles(AggregateExpectations.rows(r, q), col);
        if (data.length == 0) {
          return Outcome.of(h.threshold() == null, null);
        }
        double[] edges = DistStats.autoBins(data);
        long[] hist = DistStats.histogram(data, edges);
        double[] w = new double[hist.length];
        for (int i = 0; i < w.length; i++) {
          w[i] = (double) hist[i] / data.length;
        }
        double t = (1 - Partition.sum(w)) / 2;
        Partition p = new Partition(null, edges, w, new double[] {t, t});
        return KlContinuous.judge(p, hist, 0, 0, data.length, h);
      };
    });
  }

  private static void requireNumeric(BindContext c, String col) {
    if (!c.schema().isNumeric(col)) {
      throw new BindError("column '" + col + "' of type " + c.schema().type(col)
          + " is not numeric: cannot bin it by a continuous partition (ValueError)");
    }
  }

  private static long count(Object v) {
    return v == null ? 0 : ((Number) v).longValue();
  }

  static Outcome verdictOf(double kl, Double threshold) {
    return verdict(kl, threshold);
  }
}
