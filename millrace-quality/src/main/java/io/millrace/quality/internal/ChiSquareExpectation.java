package io.millrace.quality.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code expect_column_chisquare_test_p_value_to_be_greater_than}: Pearson's chi-square goodness of
 * fit of the column's value counts against a categorical partition (expected count = weight × n).
 * Values of the partition not observed count 0; observed values outside it share
 * {@code tail_weight_holdout} (the partition's weights are scaled by {@code 1 - holdout}), so without
 * a holdout an unexpected value makes the p-value 0. Succeeds when the p-value is greater than
 * {@code p} (default 0.05). Reads one GROUP BY (at most {@link ColumnData#MAX_GROUPS} values).
 */
final class ChiSquareExpectation {
  private ChiSquareExpectation() {}

  static Check compile(BindContext c) {
    Kwargs k = c.kwargs();
    String col = k.column("column", c.schema());
    Partition p = Partition.parse(k.raw("partition_object"));
    if (p == null || !p.categorical()) {
      throw new BindError("Invalid partition object: a categorical {values, weights} partition is required "
          + "(ValueError)");
    }
    Double pv = k.number("p");
    double threshold = pv == null ? 0.05 : pv;
    Double th = k.number("tail_weight_holdout");
    double tail = th == null ? 0 : th;
    if (tail < 0 || tail > 1) {
      throw new BindError("tail_weight_holdout " + tail + " must be between zero and one (ValueError)");
    }
    String sql = ColumnData.valueCountsSql(c, col);
    // No column element/missing counts: GE reports them as null for this expectation.
    return new Check.Aggregate(col, null, "chisquare_p_value", plan -> {
      int q = plan.query(sql);
      return r -> judge(p, ColumnData.counts(AggregateExpectations.rows(r, q), col), tail, threshold);
    });
  }

  static Outcome judge(Partition p, Map<String, Map.Entry<Object, Long>> counts, double tail, double threshold) {
    long n = counts.values().stream().mapToLong(Map.Entry::getValue).sum();
    List<Object> index = new ArrayList<>(p.values());
    List<String> keys = new ArrayList<>(p.values().stream().map(Values::canonical).toList());
    counts.forEach((key, e) -> {
      if (!keys.contains(key)) {
        keys.add(key);
        index.add(e.getKey());
      }
    });
    int known = p.values().size();
    int unexpected = keys.size() - known;
    double[] obs = new double[keys.size()];
    double[] exp = new double[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      Map.Entry<Object, Long> e = counts.get(keys.get(i));
      obs[i] = e == null ? 0 : e.getValue();
      exp[i] = i >= known ? n * (tail / unexpected) : p.weights()[i] * n * (unexpected > 0 ? 1 - tail : 1);
    }
    double pValue = DistStats.chiSquareSf(DistStats.pearson(obs, exp), keys.size() - 1);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("observed_partition", partition(index, obs, n));
    details.put("expected_partition", partition(index, exp, n));
    return Outcome.of(pValue > threshold, Double.isNaN(pValue) ? null : pValue).withDetails(details);
  }

  private static Map<String, Object> partition(List<Object> values, double[] counts, long n) {
    List<Object> weights = new ArrayList<>();
    for (double x : counts) {
      weights.add(x / n);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("values", values);
    m.put("weights", weights);
    return m;
  }
}
