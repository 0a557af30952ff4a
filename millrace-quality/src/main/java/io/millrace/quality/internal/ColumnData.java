package io.millrace.quality.internal;

import io.millrace.api.spi.QueryResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounded reads of column data for statistics computed in Java: value counts (one GROUP BY) and raw
 * samples of non-null values. Every read is capped; past the cap the expectation reports an error
 * naming the column rather than pulling an unbounded result into memory.
 */
final class ColumnData {
  /** Distinct values (or value pairs) read back for categorical statistics. */
  static final int MAX_GROUPS = 100_000;
  /** Non-null values read back for tests that need the sample itself (KS tests). */
  static final int MAX_VALUES = 1_000_000;

  private ColumnData() {}

  /** {@code value, count} of the non-null values of {@code column}, ordered by value. */
  static String valueCountsSql(BindContext c, String column) {
    String x = Sql.ident(column);
    return "SELECT " + x + " AS v, count(*) AS n FROM " + c.relation() + " WHERE " + x + " IS NOT NULL AND ("
        + c.rowCondition() + ") GROUP BY " + x + " ORDER BY " + x + " LIMIT " + (MAX_GROUPS + 1);
  }

  /** The non-null values of a numeric column, as doubles. */
  static String valuesSql(BindContext c, String column) {
    String x = Sql.ident(column);
    return "SELECT CAST(" + x + " AS DOUBLE) AS v FROM " + c.relation() + " WHERE " + x + " IS NOT NULL AND ("
        + c.rowCondition() + ") LIMIT " + (MAX_VALUES + 1);
  }

  /** Counts by value, keyed by {@link Values#canonical}, each entry holding the JSON value and count. */
  static Map<String, Map.Entry<Object, Long>> counts(QueryResult q, String column) {
    if (q.rows().size() > MAX_GROUPS) {
      throw new IllegalStateException("Cannot count values of column '" + column + "': more than " + MAX_GROUPS
          + " distinct values");
    }
    Map<String, Map.Entry<Object, Long>> out = new LinkedHashMap<>();
    for (List<Object> row : q.rows()) {
      Object v = Values.json(row.get(0));
      out.put(Values.canonical(v), Map.entry(v, ((Number) row.get(1)).longValue()));
    }
    return out;
  }

  static double[] doubles(QueryResult q, String column) {
    if (q.rows().size() > MAX_VALUES) {
      throw new IllegalStateException("Cannot test the distribution of column '" + column + "': more than "
          + MAX_VALUES + " non-null values (add a row_condition to test a subset)");
    }
    double[] out = new double[q.rows().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) q.rows().get(i).get(0)).doubleValue();
    }
    return out;
  }

  /** Requires a numeric column. */
  static String numericColumn(BindContext c) {
    String col = c.kwargs().column("column", c.schema());
    if (!c.schema().isNumeric(col)) {
      throw new BindError("column '" + col + "' of type " + c.schema().type(col)
          + " is not numeric: cannot test its distribution");
    }
    return col;
  }
}
