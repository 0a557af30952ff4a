package io.millrace.quality.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A contingency table of counts over the categories that occur (empty rows and columns are absent). */
record Crosstab(long[][] counts) {

  static Crosstab of(Map<String, Map<String, Long>> table) {
    Set<String> cols = new LinkedHashSet<>();
    table.values().forEach(m -> cols.addAll(m.keySet()));
    List<String> colList = new ArrayList<>(cols);
    long[][] c = new long[table.size()][colList.size()];
    int i = 0;
    for (Map<String, Long> row : table.values()) {
      for (int j = 0; j < colList.size(); j++) {
        c[i][j] = row.getOrDefault(colList.get(j), 0L);
      }
      i++;
    }
    return new Crosstab(c);
  }

  int rows() {
    return counts.length;
  }

  int cols() {
    return counts.length == 0 ? 0 : counts[0].length;
  }

  /**
   * Pearson's chi-square statistic of independence, as scipy's {@code chi2_contingency} with its
   * default Yates continuity correction when the table has one degree of freedom; 0 with none.
   */
  double chiSquare() {
    int r = rows();
    int k = cols();
    if ((r - 1) * (k - 1) == 0) {
      return 0;
    }
    double[] rowSum = new double[r];
    double[] colSum = new double[k];
    double total = 0;
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < k; j++) {
        rowSum[i] += counts[i][j];
        colSum[j] += counts[i][j];
        total += counts[i][j];
      }
    }
    boolean yates = (r - 1) * (k - 1) == 1;
    double chi2 = 0;
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < k; j++) {
        double e = rowSum[i] * colSum[j] / total;
        double d = Math.abs(counts[i][j] - e);
        if (yates) {
          d -= Math.min(0.5, d);
        }
        chi2 += d * d / e;
      }
    }
    return chi2;
  }
}
