package io.millrace.quality.profile;

import io.millrace.api.MillraceException;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SqlRunner;
import io.millrace.quality.internal.dialect.Dialect;
import io.millrace.quality.profile.internal.ColumnKind;
import io.millrace.quality.profile.internal.Entropy;
import io.millrace.quality.profile.internal.ProfileSql;
import io.millrace.quality.profile.internal.StorageAdvice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Profiles a relation through an engine: null fractions, cardinality, min/max/mean, top values,
 * entropy, storage advice and, given a target column, information gain of every other column.
 *
 * <p>Scans: one aggregate query for the simple statistics of all columns, one GROUP BY per column
 * (cardinality, entropy, top values and value set together), and with a target one
 * GROUP BY (column, target) per other column. Exact, not sampled. See {@link ColumnProfile} for the
 * formulas. Stateless and thread-safe; the runner is used by the calling thread only.
 */
public final class Profiler {
  /**
   * Profiles {@code relation}.
   *
   * @param runner a DuckDB-dialect runner
   * @param relation a table or view name or a table expression such as {@code read_parquet('f.parquet')},
   *     inserted as is after {@code FROM}
   * @param targetColumnOrNull the column to compute information gain against, or null
   * @param options top values and value-set size
   * @throws MillraceException USER when the relation cannot be read or the target column is not in
   *     it; the engine's errors otherwise, with the column named
   */
  public Profile profile(SqlRunner engine, String relation, String targetColumnOrNull, ProfileOptions options) {
    Dialect dialect = Dialect.of(engine);
    SqlRunner runner = dialect.wrap(engine);
    Map<String, String> described;
    try {
      described = dialect.describe(engine, relation);
    } catch (MillraceException e) {
      throw new MillraceException(e.kind(), "Cannot profile " + relation + ": " + e.getMessage(), e);
    }
    List<String> names = new ArrayList<>();
    List<String> types = new ArrayList<>();
    List<ColumnKind> kinds = new ArrayList<>();
    described.forEach((name, type) -> {
      names.add(name);
      types.add(type);
      kinds.add(ColumnKind.of(type));
    });
    if (targetColumnOrNull != null && !names.contains(targetColumnOrNull)) {
      throw MillraceException.user("Cannot profile %s: target column '%s' not found; columns are %s",
          relation, targetColumnOrNull, names);
    }
    List<Object> stats = run(runner, ProfileSql.simpleStats(relation, names, kinds), relation, null).rows().get(0);
    long rows = ((Number) stats.get(0)).longValue();
    int limit = Math.max(options.topValues(), options.valueSetMax() + 1);
    List<Groups> groups = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String sql = ProfileSql.groups(relation, names.get(i), kinds.get(i), limit);
      groups.add(Groups.read(run(runner, sql, relation, names.get(i))));
    }
    int targetAt = targetColumnOrNull == null ? -1 : names.indexOf(targetColumnOrNull);
    List<ColumnProfile> columns = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Double gain = null;
      if (targetAt >= 0 && i != targetAt) {
        Object joint = run(runner, ProfileSql.joint(relation, names.get(i), targetColumnOrNull), relation,
            names.get(i)).scalar();
        gain = Entropy.informationGain(rows, groups.get(targetAt).sumAll,
            groups.get(i).sumAll, joint == null ? 0 : ((Number) joint).doubleValue());
      }
      int base = 1 + 4 * i;
      columns.add(column(names.get(i), types.get(i), rows, ((Number) stats.get(base)).longValue(),
          value(stats.get(base + 1)), value(stats.get(base + 2)), (Double) value(stats.get(base + 3)),
          groups.get(i), gain, targetAt >= 0 && i == targetAt, options));
    }
    return new Profile(relation, rows, targetColumnOrNull, columns);
  }

  private static ColumnProfile column(String name, String type, long rows, long nonNull, Object min, Object max,
                                      Double mean, Groups g, Double gain, boolean isTarget,
                                      ProfileOptions options) {
    double entropy = g.distinct <= 1 ? 0 : Entropy.of(nonNull, g.sumNonNull);
    double split = Entropy.of(rows, g.sumAll);
    Double ratio = gain == null || split == 0 ? null : gain / split;
    List<String> notes = new ArrayList<>();
    if (isTarget) {
      notes.add("target column");
    }
    if (gain != null && rows > 0 && g.distinct * 2 >= rows) {
      notes.add("information gain is biased upward for near-unique columns (" + g.distinct + " distinct in "
          + rows + " rows); prefer information_gain_ratio");
    }
    List<ValueCount> top = g.values.subList(0, Math.min(options.topValues(), g.values.size()));
    List<ValueCount> valueSet = g.distinct <= options.valueSetMax() && g.values.size() == g.distinct
        ? g.values : null;
    return new ColumnProfile(name, type, rows - nonNull, rows == 0 ? 0 : (double) (rows - nonNull) / rows,
        g.distinct, entropy, gain, ratio, min, max, mean, top, valueSet,
        StorageAdvice.of(rows, nonNull, g.distinct, entropy), notes);
  }

  /** Engine values as the profile reports them: Long, Double, Boolean or text. */
  static Object value(Object v) {
    if (v == null || v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof String) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Number) {
      return ((Number) v).doubleValue();
    }
    return v.toString();
  }

  private static QueryResult run(SqlRunner runner, String sql, String relation, String column) {
    try {
      return runner.query(sql);
    } catch (MillraceException e) {
      String what = column == null ? relation : "column '" + column + "' of " + relation;
      throw new MillraceException(e.kind(), "Cannot profile " + what + ": " + e.getMessage(), e);
    }
  }

  /** The per-column GROUP BY result; values most frequent first, ties by value (as the SQL orders). */
  private record Groups(long distinct, double sumNonNull, double sumAll, List<ValueCount> values) {
    static Groups read(QueryResult r) {
      long distinct = 0;
      double sumNonNull = 0;
      double sumAll = 0;
      List<ValueCount> values = new ArrayList<>();
      // UNION ALL does not keep branch order: the summary row (k = 0) may come anywhere.
      for (List<Object> row : r.rows()) {
        if (((Number) row.get(0)).intValue() == 0) {
          distinct = ((Number) row.get(2)).longValue();
          sumNonNull = row.get(3) == null ? 0 : ((Number) row.get(3)).doubleValue();
          sumAll = row.get(4) == null ? 0 : ((Number) row.get(4)).doubleValue();
        } else {
          values.add(new ValueCount(value(row.get(1)), ((Number) row.get(2)).longValue()));
        }
      }
      values.sort(Groups::byCountThenValue);
      return new Groups(distinct, sumNonNull, sumAll, values);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int byCountThenValue(ValueCount a, ValueCount b) {
      int byCount = Long.compare(b.count(), a.count());
      if (byCount != 0 || a.value().getClass() != b.value().getClass()) {
        return byCount;
      }
      return ((Comparable) a.value()).compareTo(b.value());
    }
  }
}
