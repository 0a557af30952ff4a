package io.millrace.quality.internal;

import io.millrace.quality.anomaly.AnomalyDetectors;
import io.millrace.quality.anomaly.AnomalyVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Table-level expectations (row and column counts, column names, custom queries) and metric anomalies. */
final class TableExpectations {
  private TableExpectations() {}

  private static Check table(String metric, java.util.function.Function<ScanPlan,
      java.util.function.Function<ScanPlan, Outcome>> p) {
    return new Check.Aggregate("", null, metric, p);
  }

  static Check rowCountBetween(BindContext c) {
    Kwargs k = c.kwargs();
    k.integer("min_value");
    k.integer("max_value");
    checkOrder(k);
    return table("row_count", p -> {
      int h = p.scalar(CostClass.CHEAP, "count(*)");
      return r -> AggregateExpectations.between(r.value(h), k);
    });
  }

  static Check rowCountEqual(BindContext c) {
    Integer v = c.kwargs().integer("value");
    if (v == null) {
      throw new BindError("missing required kwarg 'value'");
    }
    return table("row_count", p -> {
      int h = p.scalar(CostClass.CHEAP, "count(*)");
      return r -> {
        long n = ((Number) r.value(h)).longValue();
        return Outcome.of(n == v, n);
      };
    });
  }

  private static void checkOrder(Kwargs k) {
    Integer min = k.integer("min_value");
    Integer max = k.integer("max_value");
    if (min != null && max != null && min > max) {
      throw new BindError("min_value " + min + " cannot be greater than max_value " + max);
    }
  }

  private static Check constant(Outcome o) {
    return table(null, p -> r -> o);
  }

  static Check columnCountBetween(BindContext c) {
    Kwargs k = c.kwargs();
    k.integer("min_value");
    k.integer("max_value");
    checkOrder(k);
    return constant(AggregateExpectations.between((long) c.schema().names().size(), k));
  }

  static Check columnCountEqual(BindContext c) {
    Integer v = c.kwargs().integer("value");
    if (v == null) {
      throw new BindError("missing required kwarg 'value'");
    }
    long n = c.schema().names().size();
    return constant(Outcome.of(n == v, n));
  }

  static Check orderedList(BindContext c) {
    List<?> want = c.kwargs().list("column_list");
    List<String> have = c.schema().names();
    if (want == null) {
      return constant(Outcome.of(true, have));
    }
    List<String> w = want.stream().map(String::valueOf).toList();
    boolean ok = w.equals(have);
    Outcome o = Outcome.of(ok, have);
    if (!ok) {
      List<Object> mismatched = new ArrayList<>();
      for (int i = 0; i < Math.max(w.size(), have.size()); i++) {
        String e = i < w.size() ? w.get(i) : null;
        String f = i < have.size() ? have.get(i) : null;
        if (!java.util.Objects.equals(e, f)) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("Expected Column Position", i);
          m.put("Expected", e);
          m.put("Found", f);
          mismatched.add(m);
        }
      }
      o = o.withDetails(new LinkedHashMap<>(Map.of("mismatched", mismatched)));
    }
    return constant(o);
  }

  static Check matchSet(BindContext c) {
    List<?> want = c.kwargs().list("column_set");
    boolean exact = c.kwargs().bool("exact_match", true);
    List<String> have = c.schema().names();
    Set<String> w = new LinkedHashSet<>();
    if (want != null) {
      want.forEach(x -> w.add(String.valueOf(x)));
    }
    if (want == null && !exact) {
      return constant(Outcome.of(true, have));
    }
    List<String> unexpected = have.stream().filter(x -> !w.contains(x)).toList();
    List<String> missing = w.stream().filter(x -> !have.contains(x)).toList();
    boolean ok = missing.isEmpty() && (!exact || unexpected.isEmpty());
    Map<String, Object> mismatched = new LinkedHashMap<>();
    if (!unexpected.isEmpty()) {
      mismatched.put("unexpected", unexpected);
    }
    if (!missing.isEmpty()) {
      mismatched.put("missing", missing);
    }
    return constant(Outcome.of(ok, have).withDetails(new LinkedHashMap<>(Map.of("mismatched", mismatched))));
  }

  static Check columnExists(BindContext c) {
    String col = c.kwargs().requiredString("column");
    Integer index = c.kwargs().integer("column_index");
    List<String> have = c.schema().names();
    boolean ok = have.contains(col) && (index == null || index < have.size() && have.get(index).equals(col));
    return constant(Outcome.of(ok, null));
  }

  static Check unexpectedRows(BindContext c) {
    String q = c.kwargs().requiredString("unexpected_rows_query");
    String sql = "SELECT count(*) FROM (" + q.replace("{batch}", c.relation()) + ")";
    return table(null, p -> {
      int h = p.query(sql);
      return r -> {
        long n = ((Number) AggregateExpectations.rows(r, h).rows().get(0).get(0)).longValue();
        return Outcome.of(n == 0, n + " unexpected row" + (n == 1 ? "" : "s"));
      };
    });
  }

  // ---- anomalies -------------------------------------------------------------------------------

  /** {@code expect_metric_to_not_be_anomalous} and {@code expect_table_row_count_to_not_be_anomalous}. */
  static Check anomaly(BindContext c, String fixedMetric) {
    Kwargs k = c.kwargs();
    String metric = fixedMetric != null ? fixedMetric : k.requiredString("metric");
    String col = k.string("column");
    if (col != null && !c.schema().has(col)) {
      throw new BindError("column '" + col + "' (kwarg 'column') is not in the table (columns: "
          + c.schema().names() + ")");
    }
    String x = col == null ? null : Sql.ident(col);
    String expr;
    CostClass cost = CostClass.CHEAP;
    switch (metric) {
      case "row_count" -> expr = "count(*)";
      case "null_count" -> expr = "count(*) - count(" + need(x, metric) + ")";
      case "null_fraction" -> expr = "(count(*) - count(" + need(x, metric) + ")) / nullif(count(*), 0)";
      case "mean" -> expr = "avg(" + need(x, metric) + ")";
      case "min" -> expr = "min(" + need(x, metric) + ")";
      case "max" -> expr = "max(" + need(x, metric) + ")";
      case "sum" -> expr = "sum(" + need(x, metric) + ")";
      case "stddev" -> expr = "stddev_samp(" + need(x, metric) + ")";
      case "distinct_count" -> {
        expr = "count(DISTINCT " + need(x, metric) + ")";
        cost = CostClass.DISTINCT;
      }
      case "median" -> {
        expr = "median(" + need(x, metric) + ")";
        cost = CostClass.QUANTILE;
      }
      default -> throw new BindError("metric '" + metric + "' is not one of row_count, null_count, "
          + "null_fraction, mean, min, max, sum, stddev, distinct_count, median");
    }
    String method = k.string("method") == null ? "exponential_smoothing" : k.string("method");
    double alpha = k.number("alpha") == null ? 0.3 : k.number("alpha");
    double kk = k.number("k") == null ? 3.0 : k.number("k");
    int minHistory = k.integer("min_history") == null ? 3 : k.integer("min_history");
    int limit = k.integer("history_limit") == null ? 100 : k.integer("history_limit");
    Double maxInc = k.number("max_increase");
    Double maxDec = k.number("max_decrease");
    Double min = k.number("min_value");
    Double max = k.number("max_value");
    if (!List.of("exponential_smoothing", "relative_change", "bounds").contains(method)) {
      throw new BindError("method '" + method + "' is not one of exponential_smoothing, relative_change, bounds");
    }
    String table = c.table() == null ? "" : c.table();
    String column = col == null ? "" : col;
    String e = expr;
    CostClass cc = cost;
    return new Check.Aggregate(column, null, metric, p -> {
      int h = p.scalar(cc, e);
      return r -> {
        Double v = Values.number(Values.json(r.value(h)));
        if (v == null) {
          return Outcome.of(false, null);
        }
        List<Double> history = c.history().values(table, column, metric, limit);
        AnomalyVerdict verdict = switch (method) {
          case "relative_change" -> AnomalyDetectors.relativeChange(history, v, maxInc, maxDec);
          case "bounds" -> AnomalyDetectors.bounds(v, min, max);
          default -> AnomalyDetectors.exponentialSmoothing(history, v, alpha, kk, minHistory);
        };
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("metric", metric);
        d.put("method", method);
        d.put("history_size", history.size());
        d.put("expected", Double.isFinite(verdict.expected()) ? verdict.expected() : null);
        d.put("deviation", Double.isFinite(verdict.deviation()) ? verdict.deviation() : null);
        d.put("explanation", verdict.explanation());
        return Outcome.of(!verdict.anomalous(), v).withDetails(d);
      };
    });
  }

  private static String need(String x, String metric) {
    if (x == null) {
      throw new BindError("metric '" + metric + "' needs kwarg 'column'");
    }
    return x;
  }
}
