package io.millrace.quality.internal;

import io.millrace.api.spi.QueryResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code expect_column_pair_cramers_phi_value_to_be_less_than}: Cramér's phi (V) of the crosstab of
 * two binned columns ({@link ColumnBinner}), {@code sqrt(chi2 / rows / (min(r, c) - 1))} clamped to
 * [0, 1], where chi2 is scipy's {@code chi2_contingency} statistic (Yates-corrected for a 2×2
 * table). Succeeds when phi is at most {@code threshold} (default 0.1).
 *
 * <p>Data access: one GROUP BY over the column pair (at most {@link ColumnData#MAX_GROUPS} distinct
 * pairs); binning and the statistic are computed in Java from those counts.
 */
final class CramersPhi {
  private CramersPhi() {}

  static Check compile(BindContext c) {
    Kwargs k = c.kwargs();
    String a = k.column("column_A", c.schema());
    String b = k.column("column_B", c.schema());
    Double t = k.number("threshold");
    double threshold = t == null ? 0.1 : t;
    Side sa = side(c, a, "A");
    Side sb = side(c, b, "B");
    String sql = "SELECT " + Sql.ident(a) + " AS a, " + Sql.ident(b) + " AS b, count(*) AS n FROM " + c.relation()
        + " WHERE (" + c.rowCondition() + ") GROUP BY " + Sql.ident(a) + ", " + Sql.ident(b) + " LIMIT " + (ColumnData.MAX_GROUPS + 1);
    return new Check.Aggregate(a + ", " + b, null, "cramers_phi", plan -> {
      int q = plan.query(sql);
      return r -> judge(AggregateExpectations.rows(r, q), sa, sb, threshold);
    });
  }

  /** How one column is binned. */
  private record Side(String column, boolean numeric, List<?> bins, Integer nBins) {}

  private static Side side(BindContext c, String col, String suffix) {
    boolean numeric = c.schema().isNumeric(col);
    List<?> bins = c.kwargs().list("bins_" + suffix);
    if (numeric && bins != null && (bins.isEmpty() || !bins.stream().allMatch(x -> x instanceof Number))) {
      throw new BindError("bins_" + suffix + " of numeric column '" + col + "' must be a non-empty list of numbers");
    }
    Integer n = c.kwargs().integer("n_bins_" + suffix);
    if (n != null && n < 1) {
      throw new BindError("n_bins_" + suffix + " must be positive, got " + n);
    }
    return new Side(col, numeric, bins, n);
  }

  private static Outcome judge(QueryResult q, Side sa, Side sb, double threshold) {
    if (q.rows().size() > ColumnData.MAX_GROUPS) {
      throw new IllegalStateException("Cannot crosstab columns '" + sa.column() + "' and '" + sb.column()
          + "': more than " + ColumnData.MAX_GROUPS + " distinct pairs");
    }
    ColumnBinner ba = ColumnBinner.of(sa.numeric(), marginal(q, 0), sa.bins(), sa.nBins());
    ColumnBinner bb = ColumnBinner.of(sb.numeric(), marginal(q, 1), sb.bins(), sb.nBins());
    Map<String, Map<String, Long>> table = new LinkedHashMap<>();
    long rows = 0;
    for (List<Object> row : q.rows()) {
      long n = ((Number) row.get(2)).longValue();
      rows += n;
      String la = ba.label(row.get(0));
      String lb = bb.label(row.get(1));
      if (la != null && lb != null) {
        table.computeIfAbsent(la, x -> new LinkedHashMap<>()).merge(lb, n, Long::sum);
      }
    }
    double phi = phi(Crosstab.of(table), rows);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("crosstab", table);
    Double observed = Double.isNaN(phi) ? null : phi;
    return Outcome.of(phi <= threshold, observed).withDetails(details);
  }

  private static Map<Object, Long> marginal(QueryResult q, int col) {
    Map<Object, Long> out = new LinkedHashMap<>();
    for (List<Object> row : q.rows()) {
      if (row.get(col) != null) {
        out.merge(row.get(col), ((Number) row.get(2)).longValue(), Long::sum);
      }
    }
    return out;
  }

  static double phi(Crosstab t, long rows) {
    double chi2 = t.chiSquare();
    double v = Math.sqrt(chi2 / rows / (Math.min(t.rows(), t.cols()) - 1));
    return Double.isNaN(v) ? v : Math.max(Math.min(v, 1), 0);
  }
}
