package io.millrace.quality.internal;

import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SqlRunner;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metrics a bound suite needs, grouped into as few queries as their cost classes allow: one
 * aggregate query per {@link CostClass} (identical expressions computed once), plus one query per
 * group-by metric. When a fused query fails (say one expectation compares text with a number), its
 * metrics are re-run one by one so the error lands only on the expectations that caused it.
 *
 * <p>Not thread-safe; one plan per validation.
 */
public final class ScanPlan {
  private final String relation;
  private final Set<CostClass> fuseWithCheap;
  private final Map<CostClass, LinkedHashMap<String, Integer>> scalars = new EnumMap<>(CostClass.class);
  private final Map<Integer, Object> values = new HashMap<>();
  private final Map<Integer, RuntimeException> errors = new HashMap<>();
  private final Map<Integer, Integer> guards = new HashMap<>();
  private int next;
  private int issued;

  public ScanPlan(String relation, Set<CostClass> fuseWithCheap) {
    this.relation = relation;
    this.fuseWithCheap = fuseWithCheap;
  }

  public String relation() {
    return relation;
  }

  /** Registers an aggregate expression over the relation; returns its handle. */
  public int scalar(CostClass cls, String expr) {
    CostClass target = fuseWithCheap.contains(cls) ? CostClass.CHEAP : cls;
    LinkedHashMap<String, Integer> m = scalars.computeIfAbsent(target, k -> new LinkedHashMap<>());
    return m.computeIfAbsent(expr, k -> next++);
  }

  /** Registers a whole query whose full result is wanted; returns its handle. */
  public int query(String sql) {
    return query(sql, -1);
  }

  /**
   * Registers a query whose text is decided when it runs, after every scalar metric: it may read
   * them with {@link #value} (e.g. a column's range). Returns its handle.
   */
  public int query(java.util.function.Supplier<String> sql) {
    int h = next++;
    values.put(-1 - h, sql);
    return h;
  }

  /**
   * Registers a one-value query that is skipped, its value taken as 0, when the metric {@code guard}
   * (a scalar, or a query registered before this one) evaluates to 0: a cheaper proof that there
   * is nothing to count. {@code guard} -1 for none.
   */
  public int query(String sql, int guard) {
    int h = next++;
    values.put(-1 - h, sql); // remember the text by a negative key
    if (guard >= 0) {
      guards.put(h, guard);
    }
    return h;
  }

  /** Runs every registered metric. Errors are kept per metric, not thrown. */
  public void run(SqlRunner runner) {
    for (Map.Entry<CostClass, LinkedHashMap<String, Integer>> e : scalars.entrySet()) {
      runAggregate(runner, e.getValue());
    }
    for (int h = 0; h < next; h++) {
      Object sql = values.get(-1 - h);
      if (sql instanceof java.util.function.Supplier<?> lazy) {
        try {
          sql = lazy.get();
        } catch (RuntimeException ex) {
          errors.put(h, ex);
          continue;
        }
      }
      if (sql instanceof String s) {
        Integer guard = guards.get(h);
        if (guard != null && zero(values.get(guard))) {
          values.put(h, new QueryResult(List.of("n"), List.of(List.of(0L))));
          continue;
        }
        try {
          issued++;
          values.put(h, runner.query(s));
        } catch (RuntimeException ex) {
          errors.put(h, ex);
        }
      }
    }
  }

  /** True for a scalar 0 or a one-value query result of 0 (a guard that proved there is nothing to count). */
  private static boolean zero(Object v) {
    if (v instanceof QueryResult q && q.rows().size() == 1 && q.columns().size() == 1) {
      v = q.rows().get(0).get(0);
    }
    return v instanceof Number n && n.longValue() == 0;
  }

  private void runAggregate(SqlRunner runner, LinkedHashMap<String, Integer> exprs) {
    List<String> list = new ArrayList<>(exprs.keySet());
    try {
      issued++;
      QueryResult r = runner.query(select(list));
      for (int i = 0; i < list.size(); i++) {
        values.put(exprs.get(list.get(i)), r.rows().get(0).get(i));
      }
    } catch (RuntimeException fused) {
      for (String expr : list) {
        int h = exprs.get(expr);
        try {
          issued++;
          values.put(h, runner.query(select(List.of(expr))).rows().get(0).get(0));
        } catch (RuntimeException single) {
          errors.put(h, single);
        }
      }
    }
  }

  private String select(List<String> exprs) {
    StringBuilder sb = new StringBuilder("SELECT ");
    for (int i = 0; i < exprs.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(exprs.get(i)).append(" AS m").append(i);
    }
    return sb.append(" FROM ").append(relation).toString();
  }

  /** The value of a scalar metric (null for SQL NULL); rethrows the metric's error if it failed. */
  public Object value(int handle) {
    RuntimeException e = errors.get(handle);
    if (e != null) {
      throw e;
    }
    return values.get(handle);
  }

  /** The result of a query metric, or null when it failed. */
  public QueryResult rows(int handle) {
    Object v = values.get(handle);
    return v instanceof QueryResult q ? q : null;
  }

  /** The error of a metric, or null. */
  public RuntimeException error(int handle) {
    return errors.get(handle);
  }

  /** Queries sent to the engine so far. */
  public int queriesIssued() {
    return issued;
  }

  /** Counts one more query issued outside the plan (samples). */
  void countQuery() {
    issued++;
  }
}
