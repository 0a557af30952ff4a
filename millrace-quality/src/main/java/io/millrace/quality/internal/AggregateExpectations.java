package io.millrace.quality.internal;

import io.millrace.api.spi.QueryResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Column aggregate expectations: one or a few aggregates, judged in Java. */
final class AggregateExpectations {
  /** Distinct values read back for set expectations; beyond this the expectation reports an error. */
  static final int MAX_DISTINCT = 10_000;

  private AggregateExpectations() {}

  private static Check agg(String col, String metric, Function<ScanPlan, Function<ScanPlan, Outcome>> p) {
    return new Check.Aggregate(col, col, metric, p);
  }

  /** GE's between test of an observed value against min_value/max_value (both optional). */
  static Outcome between(Object observed, Kwargs k) {
    Object json = Values.json(observed);
    if (observed == null) {
      return Outcome.of(false, null);
    }
    Object min = k.raw("min_value");
    Object max = k.raw("max_value");
    boolean ok = true;
    if (min != null) {
      int c = Values.compare(observed, min, "min_value");
      ok = k.bool("strict_min", false) ? c > 0 : c >= 0;
    }
    if (max != null) {
      int c = Values.compare(observed, max, "max_value");
      ok &= k.bool("strict_max", false) ? c < 0 : c <= 0;
    }
    return Outcome.of(ok, json);
  }

  private static void checkBounds(BindContext c, String col) {
    for (String b : List.of("min_value", "max_value")) {
      Object v = c.kwargs().raw(b);
      if (v instanceof String s && (c.schema().isNumeric(col) || c.schema().isBoolean(col))) {
        try {
          Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw new BindError(b + " '" + s + "' cannot be compared with numeric column '" + col
              + "': invalid datetime format or number");
        }
      }
    }
    Object min = c.kwargs().raw("min_value");
    Object max = c.kwargs().raw("max_value");
    if (min instanceof Number a && max instanceof Number b && a.doubleValue() > b.doubleValue()) {
      throw new BindError("min_value " + min + " cannot be greater than max_value " + max);
    }
  }

  static Check simple(BindContext c, String function, String metric, CostClass cost, boolean numericOnly) {
    String col = c.kwargs().column("column", c.schema());
    checkBounds(c, col);
    String x = Sql.ident(col);
    if (numericOnly) {
      if (c.schema().isBoolean(col)) {
        x = "CAST(" + x + " AS INTEGER)";
      } else if (!c.schema().isNumeric(col)) {
        throw new BindError("column '" + col + "' of type " + c.schema().type(col)
            + " is not numeric: cannot compute its " + metric);
      }
    }
    String expr = function.replace("{x}", x);
    Kwargs k = c.kwargs();
    return agg(col, metric, p -> {
      int h = p.scalar(cost, expr);
      return r -> between(r.value(h), k);
    });
  }

  static Check uniqueCount(BindContext c, boolean proportion) {
    String col = c.kwargs().column("column", c.schema());
    checkBounds(c, col);
    String x = Sql.ident(col);
    Kwargs k = c.kwargs();
    return agg(col, proportion ? "unique_proportion" : "distinct_count", p -> {
      int d = p.scalar(CostClass.DISTINCT, "count(DISTINCT " + x + ")");
      int n = p.scalar(CostClass.CHEAP, "count(" + x + ")");
      return r -> {
        if (!proportion) {
          return between(r.value(d), k);
        }
        double nn = Values.number(r.value(n));
        return between(nn == 0 ? null : Values.number(r.value(d)) / nn, k);
      };
    });
  }

  static Check quantiles(BindContext c) {
    String col = c.kwargs().column("column", c.schema());
    Object qr = c.kwargs().raw("quantile_ranges");
    if (!(qr instanceof Map<?, ?> m) || !(m.get("quantiles") instanceof List<?> qs)
        || !(m.get("value_ranges") instanceof List<?> ranges) || qs.size() != ranges.size()) {
      throw new BindError("quantile_ranges must be {quantiles: [...], value_ranges: [[min, max], ...]} of equal length");
    }
    for (Object r : ranges) {
      if (r instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b
          && a.doubleValue() > b.doubleValue()) {
        throw new BindError("quantile_ranges value range " + r + " has min greater than max");
      }
    }
    String x = Sql.ident(col);
    return agg(col, null, p -> {
      List<Integer> hs = new ArrayList<>();
      for (Object q : qs) {
        hs.add(p.scalar(CostClass.QUANTILE, "quantile_cont(" + x + ", " + Sql.literal(((Number) q).doubleValue()) + ")"));
      }
      return r -> {
        boolean ok = true;
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < hs.size(); i++) {
          Double v = Values.number(r.value(hs.get(i)));
          values.add(v);
          List<?> range = (List<?>) ranges.get(i);
          if (v == null) {
            ok = false;
            continue;
          }
          if (range.get(0) instanceof Number lo && v < lo.doubleValue()) {
            ok = false;
          }
          if (range.get(1) instanceof Number hi && v > hi.doubleValue()) {
            ok = false;
          }
        }
        Map<String, Object> obs = new LinkedHashMap<>();
        obs.put("quantiles", qs);
        obs.put("values", values);
        return Outcome.of(ok, obs);
      };
    });
  }

  static Check mostCommon(BindContext c) {
    String col = c.kwargs().column("column", c.schema());
    List<?> set = c.kwargs().list("value_set");
    if (set == null) {
      throw new BindError("missing required kwarg 'value_set'");
    }
    boolean tiesOkay = c.kwargs().bool("ties_okay", false);
    String x = Sql.ident(col);
    String sql = "SELECT v FROM (SELECT " + x + " AS v, count(*) AS n, max(count(*)) OVER () AS m FROM "
        + c.relation() + " WHERE " + x + " IS NOT NULL AND (" + c.rowCondition() + ") GROUP BY " + x
        + ") WHERE n = m ORDER BY v LIMIT " + MAX_DISTINCT;
    Set<String> wanted = canon(set);
    return agg(col, null, p -> {
      int h = p.query(sql);
      return r -> {
        QueryResult q = rows(r, h);
        List<Object> modes = new ArrayList<>();
        q.rows().forEach(row -> modes.add(Values.json(row.get(0))));
        boolean ok = tiesOkay
            ? modes.stream().anyMatch(m -> wanted.contains(Values.canonical(m)))
            : modes.size() == 1 && wanted.contains(Values.canonical(modes.get(0)));
        return Outcome.of(ok, modes);
      };
    });
  }

  /** distinct_values_to_be_in_set / _contain_set / _equal_set. */
  static Check distinctSet(BindContext c, String mode) {
    String col = c.kwargs().column("column", c.schema());
    List<?> set = c.kwargs().list("value_set");
    if (set == null && !mode.equals("in")) {
      throw new BindError("missing required kwarg 'value_set'");
    }
    String x = Sql.ident(col);
    String sql = "SELECT " + x + " AS v, count(*) AS n FROM " + c.relation() + " WHERE " + x
        + " IS NOT NULL AND (" + c.rowCondition() + ") GROUP BY " + x + " ORDER BY " + x + " LIMIT "
        + (MAX_DISTINCT + 1);
    Set<String> wanted = set == null ? null : canon(set);
    return agg(col, null, p -> {
      int h = p.query(sql);
      return r -> {
        QueryResult q = rows(r, h);
        if (q.rows().size() > MAX_DISTINCT) {
          throw new IllegalStateException("Cannot compare distinct values of column '" + col + "': more than "
              + MAX_DISTINCT + " distinct values");
        }
        List<Object> observed = new ArrayList<>();
        List<Object> counts = new ArrayList<>();
        Set<String> have = new LinkedHashSet<>();
        for (List<Object> row : q.rows()) {
          Object v = Values.json(row.get(0));
          observed.add(v);
          have.add(Values.canonical(v));
          Map<String, Object> vc = new LinkedHashMap<>();
          vc.put("value", v);
          vc.put("count", Values.json(row.get(1)));
          counts.add(vc);
        }
        boolean ok = switch (mode) {
          case "in" -> wanted == null || wanted.containsAll(have);
          case "contain" -> have.containsAll(wanted);
          default -> have.equals(wanted);
        };
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("value_counts", counts);
        return Outcome.of(ok, observed).withDetails(details);
      };
    });
  }

  static QueryResult rows(ScanPlan r, int h) {
    RuntimeException e = r.error(h);
    if (e != null) {
      throw e;
    }
    return r.rows(h);
  }

  static Set<String> canon(List<?> values) {
    Set<String> out = new LinkedHashSet<>();
    values.forEach(v -> out.add(Values.canonical(v)));
    return out;
  }
}
