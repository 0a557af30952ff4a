package io.millrace.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.project.EngineSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.spark.internal.SqlTranslator;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each DuckDB spelling the Spark engine translates, run on both engines: the same value. The
 * expressions read a small table so the functions see columns, not only literals.
 */
class TranslationParityTest {
  static SparkEngine spark;
  static DuckDbEngine duck;
  static EngineSession s;
  static EngineSession d;
  static final String T = "SELECT * FROM (VALUES (1, DATE '2024-03-10', TIMESTAMP '2024-03-10 13:45:30', 'Hello, World', 2.5),"
      + " (2, DATE '2024-12-31', TIMESTAMP '2025-01-01 00:00:01', 'a,b,,c', -1.0)) AS t(k, d, ts, s, x)";

  @BeforeAll
  static void start() {
    spark = SparkEngine.open(new EngineSpec("spark", 0, null, "local[1]", Map.of()), null);
    duck = DuckDbEngine.open(EngineSpec.DEFAULT, null);
    s = spark.session();
    d = duck.session();
    s.registerView("t", T);
    d.registerView("t", T);
  }

  @AfterAll
  static void stop() {
    s.close();
    d.close();
    spark.close();
    duck.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "isodow(d)", "isodow(ts)", "dayofweek(d)", "dayofweek(ts)", "date_part('dow', d)", "date_part('isodow', d)",
      "date_part('year', ts)", "date_part('month', d)", "date_part('hour', ts)", "extract(dow from d)",
      "extract(isodow from ts)", "extract(year from d)", "week(d)", "year(d)", "month(ts)", "day(d)", "hour(ts)",
      "minute(ts)", "date_diff('day', d, DATE '2025-01-01')", "datediff('day', ts, TIMESTAMP '2025-02-01 00:00:00')",
      "date_diff('hour', TIMESTAMP '2024-03-10 10:00:00', ts)", "date_trunc('hour', ts)", "date_trunc('day', ts)",
      "date_trunc('month', ts)", "strftime(ts, '%Y-%m-%d %H:%M:%S')", "strftime(d, '%d/%m/%Y')",
      "strptime('2024-03-10 13:45:30', '%Y-%m-%d %H:%M:%S')", "strpos(s, ',')", "starts_with(s, 'He')",
      "ends_with(s, 'c')", "regexp_matches(s, '[A-Z]')", "len(s)", "lower(s)", "upper(s)", "replace(s, ',', ';')",
      "substr(s, 2, 3)", "trim('  x  ')", "concat(s, '!')", "s || '?'", "cast(k as varchar)", "cast(x as text)",
      "cast(d as varchar)", "cast('12' as integer)", "cast(k as bigint)", "cast(x as double)", "k::varchar",
      "cast('2024-01-02 03:04:05' as timestamp)", "cast(ts as date)", "round(x, 0)", "abs(x)", "coalesce(NULL, k)",
      "k // 2", "cast(7 as bigint) // k", "regexp_matches(cast(ts as varchar), '^\\d{4}-\\d{2}-\\d{2}')",
      "'it''s'", "length('a\\b')", "'a\\' || s"})
  void sameValueOnBothEngines(String expr) {
    String sql = "SELECT " + expr + " AS v FROM t ORDER BY k";
    List<Object> onDuck = d.query(sql).rows().stream().map(r -> normal(r.get(0))).toList();
    List<Object> onSpark = s.query(sql).rows().stream().map(r -> normal(r.get(0))).toList();
    assertThat(onSpark).as("%s  ->  %s", expr, SqlTranslator.toSpark(expr)).isEqualTo(onDuck);
  }

  /** Translations keep DuckDB's result types, so a table has one schema whichever engine wrote it. */
  @ParameterizedTest
  @ValueSource(strings = {"isodow(d)", "dayofweek(d)", "year(d)", "month(ts)", "day(d)", "hour(ts)", "minute(ts)",
      "date_part('year', ts)", "extract(dow from d)", "week(d)", "date_diff('day', d, DATE '2025-01-01')",
      "date_trunc('hour', ts)", "strpos(s, ',')", "len(s)", "length(s)", "cast(k as varchar)", "count(*) over ()",
      "rank() over (order by k)", "row_number() over (order by k)", "strptime('2024-03-10', '%Y-%m-%d')",
      "cast(ts as date)", "k * 1.5e0", "cast(count(*) over () as bigint)"})
  void sameTypeOnBothEngines(String expr) {
    String sql = "SELECT " + expr + " AS v FROM t";
    assertThat(s.describe(sql)).as("%s  ->  %s", expr, SqlTranslator.toSpark(expr)).isEqualTo(d.describe(sql));
  }

  @ParameterizedTest
  @ValueSource(strings = {"median(cast(x as double))", "arg_max(s, k)", "arg_min(s, k)", "quantile_cont(cast(x as double), 0.5)", "count(*)",
      "sum(k)", "bool_or(k > 1)", "count_if(k > 1)"})
  void sameAggregateOnBothEngines(String expr) {
    String sql = "SELECT " + expr + " AS v FROM t";
    assertThat(normal(s.query(sql).scalar())).as(expr).isEqualTo(normal(d.query(sql).scalar()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"last_value(x ignore nulls) over (order by k rows between unbounded preceding and current row)",
      "first_value(x ignore nulls) over (order by k)"})
  void sameWindowValueOnBothEngines(String expr) {
    String sql = "SELECT " + expr + " AS v FROM t ORDER BY k";
    List<Object> onDuck = d.query(sql).rows().stream().map(r -> normal(r.get(0))).toList();
    List<Object> onSpark = s.query(sql).rows().stream().map(r -> normal(r.get(0))).toList();
    assertThat(onSpark).as(expr).isEqualTo(onDuck);
  }

  /** Numbers compared by value (DuckDB's HUGEINT and DECIMAL vs Spark's BIGINT), the rest as text. */
  static Object normal(Object v) {
    if (v instanceof Number n) {
      BigDecimal b = new BigDecimal(n.toString());
      return b.stripTrailingZeros().toPlainString();
    }
    return v == null ? null : v.toString();
  }
}
