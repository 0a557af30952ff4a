package io.millrace.quality.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SqlRunner;
import io.millrace.quality.ExpectationResult;
import io.millrace.quality.ExpectationResult.ExceptionInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs bound expectations: plans their metrics into few scans, runs them, judges each expectation,
 * then fetches unexpected-value samples for the failed ones in one bounded query.
 *
 * <p>Design notes: counts of every row-local map expectation become {@code count_if} terms of the
 * cheap aggregate query; string-heavy checks, distinct counts, quantiles and two-pass statistics get
 * one query per class; group-bys and window checks get their own. Samples come from a UNION ALL of
 * {@code LIMIT}ed selects, one per failed expectation, so results stay bounded. Errors are confined
 * to the expectations whose SQL caused them.
 */
public final class SuiteRunner {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What a run produced.
   *
   * @param results one per bound expectation, in order
   * @param extras values of the extra aggregate expressions, by expression
   * @param queries engine queries issued
   */
  public record Output(List<ExpectationResult> results, Map<String, Object> extras, int queries,
                       Map<Integer, Object> observed, Map<String, RuntimeException> extraErrors) {
    /**
     * The value of an extra aggregate expression.
     *
     * @throws RuntimeException the engine's own error when the scan computing it failed
     */
    public Object extra(String expr) {
      RuntimeException e = extraErrors.get(expr);
      if (e != null) {
        throw e;
      }
      return extras.get(expr);
    }
  }

  private final SqlRunner runner;
  private final String relation;
  private final String indexExpr;
  private final String indexName;
  private final int completeLimit;
  private final boolean fuseAll;

  private final io.millrace.quality.internal.dialect.Dialect dialect;

  /** On DuckDB (the canonical dialect). */
  public SuiteRunner(SqlRunner runner, String relation, String indexExpr, String indexName, int completeLimit,
                     boolean fuseAll) {
    this(runner, relation, indexExpr, indexName, completeLimit, fuseAll,
        io.millrace.quality.internal.dialect.DuckDbDialect.INSTANCE);
  }

  /**
   * @param runner a runner rendering canonical SQL in {@code dialect} ({@code dialect.wrap(engineRunner)})
   * @param dialect the engine's dialect, for constructs only some engines have
   */
  public SuiteRunner(SqlRunner runner, String relation, String indexExpr, String indexName, int completeLimit,
                     boolean fuseAll, io.millrace.quality.internal.dialect.Dialect dialect) {
    this.dialect = dialect;
    this.runner = runner;
    this.relation = relation;
    this.indexExpr = indexExpr;
    this.indexName = indexName;
    this.completeLimit = completeLimit;
    this.fuseAll = fuseAll;
  }

  private record MapHandles(int elements, int missing, int unexpected, boolean query) {}

  private record Sample(int id, String sql) {}

  /**
   * @param extras further aggregate expressions over the relation for the cheap scan (row count,
   *     null counts, invalid-row count)
   */
  public Output run(List<BoundExpectation> bound, List<String> extras) {
    Set<CostClass> fuse = fuseAll ? EnumSet.allOf(CostClass.class) : EnumSet.noneOf(CostClass.class);
    ScanPlan plan = new ScanPlan(relation, fuse);
    Map<Integer, Object> judges = new HashMap<>();
    Map<Integer, RuntimeException> planErrors = new HashMap<>();
    for (int i = 0; i < bound.size(); i++) {
      try {
        judges.put(i, planOne(plan, bound.get(i).check()));
      } catch (RuntimeException e) {
        planErrors.put(i, e);
      }
    }
    Map<String, Integer> extraHandles = new LinkedHashMap<>();
    extras.forEach(e -> extraHandles.put(e, plan.scalar(CostClass.CHEAP, e)));
    plan.run(runner);

    List<ExpectationResult> results = new ArrayList<>();
    Map<Integer, Object> observed = new HashMap<>();
    List<Sample> samples = new ArrayList<>();
    Map<Integer, long[]> counts = new HashMap<>();
    for (int i = 0; i < bound.size(); i++) {
      BoundExpectation b = bound.get(i);
      results.add(null);
      try {
        if (planErrors.containsKey(i)) {
          throw planErrors.get(i);
        }
        if (b.check() instanceof Check.Failed f) {
          throw f.error();
        }
        if (b.check() instanceof Check.Map_ m) {
          MapHandles h = (MapHandles) judges.get(i);
          long el = count(plan.value(h.elements));
          long miss = count(plan.value(h.missing));
          long unexp = h.query ? count(AggregateExpectations.rows(plan, h.unexpected).rows().get(0).get(0))
              : count(plan.value(h.unexpected));
          counts.put(i, new long[] {el, miss, unexp});
          if (unexp > 0 && !b.format().booleanOnly()) {
            int limit = b.format().complete() ? completeLimit : b.format().partialCount();
            if (limit > 0) {
              samples.add(new Sample(i, sampleSql(i, m, limit)));
            }
          }
        } else if (b.check() instanceof Check.Aggregate a) {
          @SuppressWarnings("unchecked")
          Map.Entry<java.util.function.Function<ScanPlan, Outcome>, int[]> j =
              (Map.Entry<java.util.function.Function<ScanPlan, Outcome>, int[]>) judges.get(i);
          Outcome o = j.getKey().apply(plan);
          observed.put(i, o.observed());
          results.set(i, aggregateResult(b, a, o, j.getValue(), plan));
        }
      } catch (RuntimeException e) {
        results.set(i, failure(b, e));
      }
    }
    Map<Integer, List<Map<String, Object>>> sampled = runSamples(samples, plan);
    for (Map.Entry<Integer, long[]> e : counts.entrySet()) {
      int i = e.getKey();
      BoundExpectation b = bound.get(i);
      List<Map<String, Object>> rows = sampled.getOrDefault(i, List.of());
      RuntimeException err = rows.isEmpty() ? sampleErrors.get(i) : null;
      results.set(i, err != null ? failure(b, err) : mapResult(b, (Check.Map_) b.check(), e.getValue(), rows));
    }
    Map<String, Object> extraValues = new LinkedHashMap<>();
    Map<String, RuntimeException> extraErrors = new LinkedHashMap<>();
    extraHandles.forEach((expr, h) -> {
      try {
        extraValues.put(expr, plan.value(h));
      } catch (RuntimeException ex) {
        extraValues.put(expr, null);
        extraErrors.put(expr, ex);
      }
    });
    return new Output(results, extraValues, plan.queriesIssued(), observed, extraErrors);
  }

  /** Largest integer range proven unique with a bitmap: 2^27 values, a 16 MB bitstring. */
  private static final long BITMAP_RANGE = 1L << 27;

  /**
   * Proves an integer column unique with a bitmap of its values ({@code bitstring_agg}: about ten
   * times faster than {@code count(DISTINCT)} on 10M rows) when its min-max range is small enough;
   * the range comes from the cheap scan, which runs first. Dialects without a bitmap aggregate
   * (Spark) prove it with the guard's distinct count instead.
   */
  private static int bitmapGuard(ScanPlan plan, Check.Map_ m) {
    String col = Sql.ident(m.bitmapKey());
    int min = plan.scalar(CostClass.CHEAP, "min(" + col + ")");
    int max = plan.scalar(CostClass.CHEAP, "max(" + col + ")");
    return plan.query(() -> {
      Object lo = plan.value(min);
      Object hi = plan.value(max);
      if (lo instanceof Number l && hi instanceof Number h && h.longValue() - l.longValue() < BITMAP_RANGE) {
        return "SELECT count(" + col + ") - coalesce(bit_count(bitstring_agg(CAST(" + col + " AS BIGINT), "
            + l.longValue() + ", " + h.longValue() + ")), 0) FROM " + plan.relation();
      }
      return "SELECT " + m.guardSql() + " FROM " + plan.relation();
    });
  }

  private Object planOne(ScanPlan plan, Check check) {
    if (check instanceof Check.Map_ m) {
      String dom = m.domain();
      int el = plan.scalar(CostClass.CHEAP, dom.equals("TRUE") ? "count(*)" : "count_if(" + dom + ")");
      int miss = plan.scalar(CostClass.CHEAP, "count_if((" + dom + ") AND (" + m.missing() + "))");
      if (m.countSql() != null) {
        // the guard runs as its own query: DuckDB computes several count(DISTINCT) of one query
        // more slowly than the same aggregates apart (measured: 1.4 s fused vs 0.85 s on 10M rows)
        int guard = m.guardSql() == null ? -1 : m.bitmapKey() != null && dialect.hasBitmapAggregate()
            ? bitmapGuard(plan, m)
            : plan.query("SELECT " + m.guardSql() + " FROM " + plan.relation());
        return new MapHandles(el, miss, plan.query(m.countSql(), guard), true);
      }
      if (m.from() != null) {
        return new MapHandles(el, miss, plan.query("SELECT count_if(" + m.unexpected() + ") FROM " + m.from()), true);
      }
      return new MapHandles(el, miss, plan.scalar(m.cost(), "count_if(" + m.failSql() + ")"), false);
    }
    if (check instanceof Check.Aggregate a) {
      java.util.function.Function<ScanPlan, Outcome> judge = a.planner().apply(plan);
      int[] hs = new int[0];
      if (a.column() != null) {
        String x = Sql.ident(a.column());
        hs = new int[] {plan.scalar(CostClass.CHEAP, "count(*)"), plan.scalar(CostClass.CHEAP, "count(" + x + ")")};
      }
      return Map.entry(judge, hs);
    }
    return null;
  }

  private String sampleSql(int id, Check.Map_ m, int limit) {
    String idx = m.from() != null ? "__idx" : indexExpr == null ? "NULL" : indexExpr;
    String from = m.from() != null ? m.from() : relation;
    String where = m.from() != null ? "(" + m.unexpected() + ")" : m.failSql();
    String ij = m.indexColumns().stream().map(c -> Sql.str(c) + ", " + Sql.ident(c))
        .collect(Collectors.joining(", ", "json_object(", ")"));
    String order = indexExpr == null ? "" : " ORDER BY " + idx;
    return "SELECT " + id + " AS e, CAST(" + m.valueJson() + " AS VARCHAR) AS v, CAST(" + ij
        + " AS VARCHAR) AS ij, CAST(" + idx + " AS BIGINT) AS ix FROM " + from + " WHERE " + where + order
        + " LIMIT " + limit;
  }

  private final Map<Integer, RuntimeException> sampleErrors = new HashMap<>();

  private Map<Integer, List<Map<String, Object>>> runSamples(List<Sample> samples, ScanPlan plan) {
    Map<Integer, List<Map<String, Object>>> out = new HashMap<>();
    if (samples.isEmpty()) {
      return out;
    }
    String union = samples.stream().map(s -> "SELECT * FROM (" + s.sql + ")")
        .collect(Collectors.joining(" UNION ALL "));
    try {
      plan.countQuery();
      collect(runner.query(union), out);
    } catch (RuntimeException fused) {
      for (Sample s : samples) {
        try {
          plan.countQuery();
          collect(runner.query(s.sql), out);
        } catch (RuntimeException e) {
          sampleErrors.put(s.id, e);
        }
      }
    }
    return out;
  }

  private static void collect(QueryResult r, Map<Integer, List<Map<String, Object>>> out) {
    for (List<Object> row : r.rows()) {
      int id = ((Number) row.get(0)).intValue();
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("v", parse((String) row.get(1)));
      s.put("ij", parse((String) row.get(2)));
      s.put("ix", row.get(3) == null ? null : ((Number) row.get(3)).longValue());
      out.computeIfAbsent(id, k -> new ArrayList<>()).add(s);
    }
  }

  private static Object parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readValue(json, Object.class);
    } catch (java.io.IOException e) {
      return json;
    }
  }

  private static long count(Object v) {
    return v == null ? 0 : ((Number) v).longValue();
  }

  // ---- results -------------------------------------------------------------------------------

  private ExpectationResult mapResult(BoundExpectation b, Check.Map_ m, long[] c, List<Map<String, Object>> rows) {
    long el = c[0];
    long miss = c[1];
    long unexp = c[2];
    long nonMissing = el - miss;
    boolean success = nonMissing == 0 || (double) (nonMissing - unexp) / nonMissing >= m.mostly();
    Map<String, Object> r = new LinkedHashMap<>();
    ResultFormat f = b.format();
    if (!f.booleanOnly()) {
      r.putAll(m.extra());
      r.put("element_count", el);
      r.put("unexpected_count", unexp);
      r.put("unexpected_percent", nonMissing == 0 ? null : 100.0 * unexp / nonMissing);
      List<Object> values = rows.stream().map(s -> s.get("v")).toList();
      r.put("partial_unexpected_list", values.subList(0, Math.min(values.size(), f.partialCount())));
      r.put("missing_count", miss);
      r.put("missing_percent", el == 0 ? null : 100.0 * miss / el);
      r.put("unexpected_percent_total", el == 0 ? null : 100.0 * unexp / el);
      r.put("unexpected_percent_nonmissing", nonMissing == 0 ? null : 100.0 * unexp / nonMissing);
      List<Object> index = indexExpr == null && m.from() == null ? null : rows.stream().map(s -> {
        Map<String, Object> e = new LinkedHashMap<>();
        if (s.get("ij") instanceof Map<?, ?> ij) {
          ij.forEach((k, v) -> e.put(String.valueOf(k), v));
        }
        e.put(indexName == null ? "index" : indexName, s.get("ix"));
        return (Object) e;
      }).toList();
      boolean withIndex = indexExpr != null;
      if (f.atLeastSummary()) {
        Map<String, Long> freq = new LinkedHashMap<>();
        Map<String, Object> rep = new HashMap<>();
        for (Object v : values.subList(0, Math.min(values.size(), f.partialCount()))) {
          String key = String.valueOf(v);
          freq.merge(key, 1L, Long::sum);
          rep.putIfAbsent(key, v);
        }
        List<Object> pc = new ArrayList<>();
        freq.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).forEach(e -> {
          Map<String, Object> vc = new LinkedHashMap<>();
          vc.put("value", rep.get(e.getKey()));
          vc.put("count", e.getValue());
          pc.add(vc);
        });
        r.put("partial_unexpected_counts", pc);
        if (withIndex && index != null) {
          r.put("partial_unexpected_index_list", index.subList(0, Math.min(index.size(), f.partialCount())));
        }
      }
      if (f.complete()) {
        r.put("unexpected_list", values);
        if (withIndex && index != null) {
          r.put("unexpected_index_list", index);
        }
      }
    }
    return new ExpectationResult(b.config(), b.displayName(), success, r, null);
  }

  private ExpectationResult aggregateResult(BoundExpectation b, Check.Aggregate a, Outcome o, int[] hs,
                                            ScanPlan plan) {
    Map<String, Object> r = new LinkedHashMap<>();
    if (!b.format().booleanOnly()) {
      r.put("observed_value", o.observed());
      if (o.details() != null) {
        r.put("details", o.details());
      }
      r.putAll(o.extra());
      if (hs.length == 2 && b.format().atLeastSummary()) {
        long el = count(plan.value(hs[0]));
        long nonNull = count(plan.value(hs[1]));
        r.put("element_count", el);
        r.put("missing_count", el - nonNull);
        r.put("missing_percent", el == 0 ? null : 100.0 * (el - nonNull) / el);
      }
    }
    return new ExpectationResult(b.config(), b.displayName(), o.success(), r, null);
  }

  private static ExpectationResult failure(BoundExpectation b, RuntimeException e) {
    StringWriter sw = new StringWriter();
    e.printStackTrace(new PrintWriter(sw));
    String msg = "Cannot evaluate expectation #" + b.index() + " (" + b.config().type() + "): " + e.getMessage();
    String trace = sw.toString();
    if (trace.length() > 4000) {
      trace = trace.substring(0, 4000) + "...";
    }
    return new ExpectationResult(b.config(), b.displayName(), false, Map.of(), new ExceptionInfo(msg, msg + "\n" + trace));
  }
}
