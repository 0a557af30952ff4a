package io.millrace.quality.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The details GE reports for the bootstrapped KS test: the data binned by the partition's edges,
 * widened by the data's min (max) when values fall below (above) the partition, with both CDFs.
 */
final class ObservedPartition {
  private ObservedPartition() {}

  static Map<String, Object> describe(double[] data, Partition p) {
    double[] bins = p.bins();
    long[] hist = DistStats.histogram(data, bins);
    long below = 0;
    long above = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double x : data) {
      below += x < bins[0] ? 1 : 0;
      above += x > bins[bins.length - 1] ? 1 : 0;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    List<Object> edges = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    if (below > 0) {
      edges.add(min);
      weights.add((double) below / data.length);
    }
    edges.addAll(Partition.list(bins));
    for (long h : hist) {
      weights.add((double) h / data.length);
    }
    if (above > 0) {
      edges.add(max);
      weights.add((double) above / data.length);
    }
    List<Object> cdf = new ArrayList<>();
    cdf.add(0L);
    double run = 0;
    for (double w : weights) {
      run += w;
      cdf.add(run);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("observed_partition", pair("bins", edges, "weights", weights));
    out.put("expected_partition", pair("bins", Partition.list(bins), "weights", Partition.list(p.weights())));
    out.put("observed_cdf", pair("x", edges, "cdf_values", cdf));
    out.put("expected_cdf", pair("x", Partition.list(bins),
        "cdf_values", Partition.list(new PartitionCdf(p).cdfAtEdges())));
    return out;
  }

  private static Map<String, Object> pair(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }
}
