package io.millrace.quality.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bins one column's values into categories for a crosstab, as GE's {@code get_binned_values}: a
 * numeric column gets equal-width bins ({@code n_bins}, default 10) or the given edges widened to
 * the data's min and max, the last edge nudged up so the max is included; other columns keep their
 * values, grouped by {@code bins} (lists of values, each group labelled by its values joined with
 * ", ") or, past {@code n_bins} distinct values, with all but the {@code n_bins} most frequent
 * lumped into "(other)". Nulls become "(missing)".
 */
final class ColumnBinner {
  static final String MISSING = "(missing)";

  private final double[] edges;
  private final Map<String, String> labels;

  private ColumnBinner(double[] edges, Map<String, String> labels) {
    this.edges = edges;
    this.labels = labels;
  }

  /**
   * @param counts non-null values of the column with their row counts
   * @param bins the {@code bins_X} kwarg or null
   * @param nBins the {@code n_bins_X} kwarg or null
   */
  static ColumnBinner of(boolean numeric, Map<Object, Long> counts, List<?> bins, Integer nBins) {
    int n = nBins == null ? 10 : nBins;
    if (numeric) {
      return new ColumnBinner(edges(counts.keySet(), bins, n), null);
    }
    Map<String, String> labels = new HashMap<>();
    if (bins != null) {
      for (Object group : bins) {
        List<?> g = group instanceof List<?> l ? l : List.of(group);
        String label = String.join(", ", g.stream().map(String::valueOf).toList());
        g.forEach(v -> labels.put(Values.canonical(v), label));
      }
    } else if (counts.size() >= n + 1) {
      List<Map.Entry<Object, Long>> byCount = new ArrayList<>(counts.entrySet());
      byCount.sort(Comparator.comparing((Map.Entry<Object, Long> e) -> -e.getValue()));
      for (int i = n; i < byCount.size(); i++) {
        labels.put(Values.canonical(byCount.get(i).getKey()), "(other)");
      }
    }
    return new ColumnBinner(null, labels);
  }

  private static double[] edges(Iterable<Object> values, List<?> bins, int n) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Object v : values) {
      double d = ((Number) v).doubleValue();
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    double[] e;
    if (bins != null) {
      double[] given = bins.stream().mapToDouble(b -> ((Number) b).doubleValue()).sorted().distinct().toArray();
      List<Double> all = new ArrayList<>();
      if (min < given[0]) {
        all.add(min);
      }
      Arrays.stream(given).forEach(all::add);
      if (max > given[given.length - 1]) {
        all.add(max);
      }
      e = all.stream().mapToDouble(Double::doubleValue).toArray();
    } else if (min == max || min > max) {
      e = min > max ? new double[] {-0.5, 0.5} : new double[] {min - 0.5, max + 0.5};
    } else {
      e = DistStats.linspace(min, max, n);
    }
    e[e.length - 1] = Math.nextUp(e[e.length - 1]);
    return e;
  }

  /** The category of a value, or null when it falls outside every bin (GE then drops the row). */
  String label(Object value) {
    if (value == null) {
      return MISSING;
    }
    if (edges != null) {
      double x = ((Number) value).doubleValue();
      int i = Arrays.binarySearch(edges, x);
      int bin = i >= 0 ? i : -i - 2; // numpy.digitize(x, edges) - 1
      return bin < 0 || bin >= edges.length - 1 ? null : "[" + edges[bin] + ", " + edges[bin + 1] + ")";
    }
    String key = Values.canonical(value);
    return labels.getOrDefault(key, String.valueOf(Values.json(value)));
  }
}
