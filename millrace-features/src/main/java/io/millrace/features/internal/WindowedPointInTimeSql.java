package io.millrace.features.internal;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.SqlText;
import io.millrace.api.TableSchema;
import io.millrace.api.features.FeatureColumn;
import io.millrace.api.features.FeatureViewSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The point-in-time join of {@link PointInTimeSql} for Spark, which has no {@code ASOF JOIN}: one
 * sorted window per view instead of a join.
 *
 * <p>Design notes. For each view the entity rows and the view's rows (NULL keys and event times
 * removed) are put in one relation, partitioned by the entity keys and ordered by time; a view row
 * sorts before an entity row of the same time (event time &le; t is inclusive) and, among view rows
 * of equal time, by {@code created} ascending with NULL lowest. Each entity row then takes
 * {@code last(view row, ignore nulls)} over everything before it: the row with the greatest event
 * time &le; t and, among those, the greatest created, as the ASOF join takes. An entity row with a
 * NULL key or time sorts where no view row precedes it and gets NULL. The ttl is a filter on that one
 * row, as in the ASOF query. Views are chained (the entity rows of view i+1's window carry view i's
 * result), so the entity rows are scanned once; they are numbered by
 * {@code monotonically_increasing_id()} over their scan (their order in the file, or the table's
 * scan order) and the result is ordered by that number. Linear in rows per view plus one sort, where
 * a join on keys with {@code row_number()} would be quadratic in rows per entity.
 *
 * <p>The SQL is DuckDB's reference dialect where it differs from Spark only in spellings the Spark
 * engine translates (casts), so feature expressions written for DuckDB are translated with it.
 */
final class WindowedPointInTimeSql {
  private static final String ROW = "__mr_row";
  private static final String T = "__mr_t";

  private final PointInTimeSql pit;

  WindowedPointInTimeSql(PointInTimeSql pit) {
    this.pit = pit;
  }

  String render() {
    Column tsCol = pit.entityColumn(pit.timestampColumn());
    StringBuilder sql = new StringBuilder("WITH __mr_e0 AS (SELECT *, monotonically_increasing_id() AS " + ROW + ", "
        + time(SqlText.ident(tsCol.name()), tsCol.type()) + " AS " + T + " FROM " + pit.entities() + ")");
    List<String> carried = new ArrayList<>();
    pit.entitySchema().names().forEach(n -> carried.add(SqlText.ident(n)));
    carried.add(ROW);
    carried.add(T);
    int i = 0;
    for (Map.Entry<FeatureViewSpec, List<FeatureColumn>> e : pit.byView().entrySet()) {
      FeatureViewSpec v = e.getKey();
      TableSchema schema = pit.sourceSchema(v);
      sql.append(",\n__mr_v").append(i).append(" AS (").append(viewRows(v, schema, e.getValue())).append(")");
      sql.append(",\n__mr_u").append(i).append(" AS (").append(union(i, v, schema, carried, e.getValue().size()))
          .append(")");
      sql.append(",\n__mr_e").append(i + 1).append(" AS (SELECT ").append(String.join(", ", carried))
          .append(", __mr_s").append(i).append(" FROM (SELECT *, last(__mr_vs, true) OVER (PARTITION BY ")
          .append(String.join(", ", keys(v.entities().size()))).append(" ORDER BY __mr_o ASC NULLS FIRST, __mr_kind ASC")
          .append(v.created() != null ? ", __mr_c ASC NULLS FIRST" : "")
          .append(" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS __mr_s").append(i)
          .append(" FROM __mr_u").append(i).append(") __mr_w WHERE __mr_kind = 1)");
      carried.add("__mr_s" + i);
      i++;
    }
    List<String> select = new ArrayList<>();
    pit.entitySchema().names().forEach(n -> select.add(SqlText.ident(n)));
    i = 0;
    int out = 0;
    for (Map.Entry<FeatureViewSpec, List<FeatureColumn>> e : pit.byView().entrySet()) {
      FeatureViewSpec v = e.getKey();
      for (int f = 0; f < e.getValue().size(); f++) {
        String value = "__mr_s" + i + ".f" + f;
        if (v.ttl() != null) {
          long micros = v.ttl().toNanos() / 1000;
          value = "CASE WHEN __mr_s" + i + ".ts >= timestampadd(MICROSECOND, -" + micros + ", " + T + ") THEN "
              + value + " END";
        }
        select.add(value + " AS " + SqlText.ident(pit.outputNames().get(out++)));
      }
      i++;
    }
    return sql.append("\nSELECT ").append(String.join(", ", select)).append("\nFROM __mr_e").append(i)
        .append("\nORDER BY ").append(ROW).toString();
  }

  /** The view's rows: keys, event time, created, features; NULL keys and times removed. */
  private String viewRows(FeatureViewSpec v, TableSchema schema, List<FeatureColumn> features) {
    List<String> cols = new ArrayList<>();
    List<String> notNull = new ArrayList<>();
    for (int k = 0; k < v.entities().size(); k++) {
      String key = SqlText.ident(PointInTimeSql.sourceColumn(v, schema, v.entities().get(k)).name());
      cols.add(key + " AS __mr_k" + k);
      notNull.add(key + " IS NOT NULL");
    }
    Column ts = PointInTimeSql.sourceColumn(v, schema, v.timestamp());
    cols.add(time(SqlText.ident(ts.name()), ts.type()) + " AS __mr_ts");
    notNull.add(SqlText.ident(ts.name()) + " IS NOT NULL");
    if (v.created() != null) {
      Column created = PointInTimeSql.sourceColumn(v, schema, v.created());
      cols.add(time(SqlText.ident(created.name()), created.type()) + " AS __mr_c");
    }
    for (int f = 0; f < features.size(); f++) {
      FeatureColumn fc = features.get(f);
      cols.add((fc.expression() == null ? SqlText.ident(PointInTimeSql.sourceColumn(v, schema, fc.name()).name())
          : "(" + fc.expression() + ")") + " AS __mr_f" + f);
    }
    return "SELECT " + String.join(", ", cols) + " FROM " + pit.source(v) + " WHERE " + String.join(" AND ", notNull);
  }

  /**
   * Entity rows (kind 1, their columns, no view row) and the view's rows (kind 0, NULL entity columns,
   * the row as a struct {@code {ts, f0, f1...}}) in one relation.
   */
  private String union(int i, FeatureViewSpec v, TableSchema schema, List<String> carried, int features) {
    List<String> entity = new ArrayList<>(carried);
    List<String> view = new ArrayList<>();
    carried.forEach(c -> view.add("NULL"));
    for (int k = 0; k < v.entities().size(); k++) {
      Column ek = pit.entityColumn(v.entities().get(k));
      Column vk = PointInTimeSql.sourceColumn(v, schema, v.entities().get(k));
      String key = SqlText.ident(ek.name());
      // compared as the view's key type, as the ASOF join's equality casts
      entity.add((ek.type() == vk.type() ? key : "CAST(" + key + " AS " + vk.sql() + ")") + " AS __mr_k" + k);
      view.add("__mr_k" + k);
    }
    entity.add(T + " AS __mr_o");
    view.add("__mr_ts");
    entity.add("1 AS __mr_kind");
    view.add("0");
    if (v.created() != null) {
      entity.add("NULL AS __mr_c");
      view.add("__mr_c");
    }
    entity.add("NULL AS __mr_vs");
    StringBuilder struct = new StringBuilder("named_struct('ts', __mr_ts");
    for (int f = 0; f < features; f++) {
      struct.append(", 'f").append(f).append("', __mr_f").append(f);
    }
    view.add(struct.append(")").toString());
    return "SELECT " + String.join(", ", entity) + " FROM __mr_e" + i + "\n  UNION ALL SELECT " + String.join(", ", view)
        + " FROM __mr_v" + i;
  }

  private static List<String> keys(int n) {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      out.add("__mr_k" + k);
    }
    return out;
  }

  /** A time column as a UTC TIMESTAMP (Spark's session time zone is UTC, so a cast converts TIMESTAMPTZ). */
  private static String time(String col, LogicalType type) {
    return type == LogicalType.TIMESTAMP ? col : "CAST(" + col + " AS TIMESTAMP)";
  }
}
