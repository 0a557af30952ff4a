package io.millrace.quality.profile.internal;

import io.millrace.api.SqlText;
import java.util.List;

/**
 * The profiler's queries (DuckDB dialect). One aggregate scan for simple statistics of all columns,
 * one GROUP BY per column for cardinality, entropy and top values, one GROUP BY (column, target) per
 * column for information gain.
 */
public final class ProfileSql {
  private ProfileSql() {}

  public static String quote(String identifier) {
    return SqlText.ident(identifier);
  }

  /** Columns: n, then per column i: nn_i, min_i, max_i, mean_i. */
  public static String simpleStats(String relation, List<String> names, List<ColumnKind> kinds) {
    StringBuilder sql = new StringBuilder("SELECT count(*) AS n");
    for (int i = 0; i < names.size(); i++) {
      String c = quote(names.get(i));
      ColumnKind kind = kinds.get(i);
      boolean ordered = kind != ColumnKind.UNORDERED;
      sql.append(", count(").append(c).append(") AS nn_").append(i)
          .append(", ").append(ordered ? kind.read("min(" + c + ")") : "NULL").append(" AS min_").append(i)
          .append(", ").append(ordered ? kind.read("max(" + c + ")") : "NULL").append(" AS max_").append(i)
          .append(", ").append(kind.numeric() ? "CAST(avg(" + c + ") AS DOUBLE)" : "NULL").append(" AS mean_").append(i);
    }
    return sql.append(" FROM ").append(relation).toString();
  }

  /**
   * Rows of kind 0 (exactly one): distinct non-null values, sum of {@code cnt*log2(cnt)} over
   * non-null groups and over all groups (nulls as one group). Rows of kind 1: the {@code limit} most
   * frequent non-null values with their counts.
   */
  public static String groups(String relation, String column, ColumnKind kind, int limit) {
    String c = quote(column);
    return "WITH g AS MATERIALIZED (SELECT " + c + " AS v, count(*) AS cnt FROM " + relation + " GROUP BY 1) "
        + "SELECT 0 AS k, NULL AS v, count(v) AS cnt, "
        + "sum(cnt * log2(cnt)) FILTER (WHERE v IS NOT NULL) AS s_non_null, sum(cnt * log2(cnt)) AS s_all FROM g "
        + "UNION ALL (SELECT 1, " + kind.read("v") + ", cnt, NULL, NULL FROM g WHERE v IS NOT NULL "
        + "ORDER BY cnt DESC, g.v LIMIT " + limit + ")";
  }

  /** One value: sum of {@code cnt*log2(cnt)} over (column, target) groups, nulls as values. */
  public static String joint(String relation, String column, String target) {
    return "SELECT sum(cnt * log2(cnt)) AS s FROM (SELECT count(*) AS cnt FROM " + relation
        + " GROUP BY " + quote(column) + ", " + quote(target) + ")";
  }
}
