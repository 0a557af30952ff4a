package io.millrace.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.TableSchema;
import io.millrace.api.project.CheckSpec.OnFail;
import io.millrace.api.project.CheckSpec.Severity;
import io.millrace.api.run.MetricPoint;
import io.millrace.api.spi.BoundSuite;
import io.millrace.api.spi.CheckOutcome;
import io.millrace.api.spi.MetricHistory;
import io.millrace.api.spi.SqlRunner;
import io.millrace.quality.spark.SparkRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One suite on the same Parquet file on DuckDB and on Spark: the same results, the same valid and
 * quarantined rows (each engine applying its own rendering of the predicate), the same score.
 */
@Tag("spark")
class SparkParityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TableSchema SCHEMA = new TableSchema(List.of(new Column("id", LogicalType.BIGINT),
      new Column("price", LogicalType.DOUBLE), new Column("sku", LogicalType.VARCHAR),
      new Column("status", LogicalType.VARCHAR), new Column("qty", LogicalType.INTEGER),
      new Column("ts", LogicalType.TIMESTAMP), new Column("note", LogicalType.VARCHAR)));

  static ExpectationConfig e(String type, Map<String, Object> kwargs, OnFail onFail) {
    return new ExpectationConfig(type, kwargs, Map.of(), null, onFail);
  }

  static Suite suite() {
    OnFail q = OnFail.QUARANTINE;
    return Suite.of("orders", List.of(
        e("expect_column_values_to_not_be_null", Map.of("column", "price"), q),
        e("expect_column_values_to_be_in_set", Map.of("column", "status", "value_set", List.of("new", "paid",
            "shipped")), q),
        e("expect_column_values_to_be_between", Map.of("column", "price", "min_value", 0, "max_value", 500), q),
        e("expect_column_values_to_match_regex", Map.of("column", "sku", "regex", "^SKU-\\d{3}$"), q),
        e("expect_column_values_to_match_strftime_format", Map.of("column", "note", "strftime_format",
            "%Y-%m-%d"), null),
        e("expect_column_values_to_be_json_parseable", Map.of("column", "note"), null),
        e("expect_column_value_lengths_to_be_between", Map.of("column", "sku", "min_value", 7, "max_value", 7,
            "row_condition", "status == \"paid\""), q),
        e("expect_column_values_to_be_unique", Map.of("column", "id"), null),
        e("expect_column_values_to_be_unique", Map.of("column", "sku"), null),
        e("expect_compound_columns_to_be_unique", Map.of("column_list", List.of("status", "qty")), null),
        e("expect_column_values_to_be_of_type", Map.of("column", "qty", "type_", "INTEGER"), null),
        e("expect_column_values_to_be_in_type_list", Map.of("column", "ts", "type_list",
            List.of("TIMESTAMP", "DATE")), null),
        e("expect_table_row_count_to_be_between", Map.of("min_value", 100, "max_value", 1000), null),
        e("expect_table_columns_to_match_set", Map.of("column_set", List.of("id", "price", "sku", "status", "qty",
            "ts", "note")), null),
        e("expect_column_mean_to_be_between", Map.of("column", "price", "min_value", 50, "max_value", 400), null),
        e("expect_column_stdev_to_be_between", Map.of("column", "price", "min_value", 1, "max_value", 100), null),
        e("expect_column_median_to_be_between", Map.of("column", "qty", "min_value", 1, "max_value", 20), null),
        e("expect_column_quantile_values_to_be_between", Map.of("column", "price", "quantile_ranges", Map.of(
            "quantiles", List.of(0.25, 0.75), "value_ranges", List.of(List.of(0, 400), List.of(0, 400)))), null),
        e("expect_column_sum_to_be_between", Map.of("column", "qty", "min_value", 0), null),
        e("expect_column_distinct_values_to_be_in_set", Map.of("column", "status", "value_set",
            List.of("new", "paid", "shipped")), null),
        e("expect_column_most_common_value_to_be_in_set", Map.of("column", "status", "value_set",
            List.of("paid")), null),
        e("expect_column_values_to_be_increasing", Map.of("column", "ts"), null),
        e("expect_column_pair_values_a_to_be_greater_than_b", Map.of("column_A", "price", "column_B", "qty"), null),
        e("expect_column_values_to_be_between", Map.of("column", "ts", "min_value", "2024-01-01 00:00:00"), null)));
  }

  @Test
  void sameSuiteSameParquetSameOutcomeOnDuckDbAndSpark(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("orders.parquet");
    try (DuckRunner duck = new DuckRunner()) {
      duck.execute("COPY (SELECT i AS id,"
          + " CASE WHEN i % 17 = 0 THEN NULL WHEN i % 23 = 0 THEN -1.5 ELSE i * 1.25 END::DOUBLE AS price,"
          + " CASE WHEN i % 31 = 0 THEN 'sku-' || i WHEN i % 40 = 0 THEN 'SKU-1' ELSE 'SKU-' || lpad(CAST(i % 1000 AS VARCHAR), 3, '0') END AS sku,"
          + " CASE i % 4 WHEN 0 THEN 'new' WHEN 1 THEN 'paid' WHEN 2 THEN 'shipped' ELSE"
          + "   CASE WHEN i % 7 = 0 THEN 'lost' ELSE 'paid' END END AS status,"
          + " CAST(i % 13 AS INTEGER) AS qty,"
          + " TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (CASE WHEN i = 100 THEN 5 ELSE i END) HOUR AS ts,"
          + " CASE WHEN i % 9 = 0 THEN NULL WHEN i % 11 = 0 THEN 'not a date' ELSE"
          + "   strftime(DATE '2024-01-01' + CAST(i AS INTEGER), '%Y-%m-%d') END AS note"
          + " FROM range(1, 301) t(i)) TO '" + file + "' (FORMAT parquet)");
      String relation = "read_parquet('" + file + "')";
      SqlRunner spark = new SparkRunner();
      DefaultQualityChecker checker = new DefaultQualityChecker();
      BoundSuite bound = checker.bind(suite(), Severity.ERROR, OnFail.FAIL, SCHEMA);

      CheckOutcome d = checker.check(bound, duck, relation, "orders", "r1", MetricHistory.EMPTY);
      CheckOutcome s = checker.check(bound, spark, relation, "orders", "r1", MetricHistory.EMPTY);

      assertThat(s.success()).isEqualTo(d.success()).isFalse();
      assertThat(s.blocking()).isEqualTo(d.blocking()).isTrue();
      assertThat(s.evaluatedRows()).isEqualTo(d.evaluatedRows()).isEqualTo(300);
      assertThat(d.invalidRows()).isGreaterThan(20);
      assertThat(s.invalidRows()).isEqualTo(d.invalidRows());
      assertThat(s.score()).isEqualTo(d.score());
      assertThat(s.passRate()).isEqualTo(d.passRate());
      List<Map<String, Object>> dr = results(d);
      List<Map<String, Object>> sr = results(s);
      assertThat(sr).hasSameSizeAs(dr);
      for (int i = 0; i < dr.size(); i++) {
        assertThat(same(sr.get(i), dr.get(i))).as("expectation #%d: Spark %s%n DuckDB %s", i + 1, sr.get(i), dr.get(i))
            .isTrue();
      }
      assertThat(same(metrics(s), metrics(d))).as("metrics: Spark %s%n DuckDB %s", metrics(s), metrics(d)).isTrue();

      // the quarantine split, each engine applying the predicates rendered in its own dialect
      String sparkRel = "parquet.`" + file + "`";
      List<Long> dValid = ids(duck, "SELECT id FROM " + relation + " WHERE coalesce(" + d.validRowPredicate()
          + ", FALSE) ORDER BY id");
      List<Long> sValid = ids(spark, "SELECT id FROM " + sparkRel + " WHERE coalesce(" + s.validRowPredicate()
          + ", FALSE) ORDER BY id");
      assertThat(sValid).isEqualTo(dValid);
      assertThat(dValid.size()).isBetween(200, 280);
      Map<Long, String> dFailed = failed(duck, "SELECT id, " + d.failedExpectationsSql() + " FROM " + relation
          + " WHERE NOT coalesce(" + d.validRowPredicate() + ", FALSE)");
      Map<Long, String> sFailed = failed(spark, "SELECT id, " + s.failedExpectationsSql() + " FROM " + sparkRel
          + " WHERE NOT coalesce(" + s.validRowPredicate() + ", FALSE)");
      assertThat(sFailed).isEqualTo(dFailed).hasSize(300 - dValid.size());
      assertThat(dFailed.get(17L)).isEqualTo("expect_column_values_to_not_be_null(price)");
      assertThat(s.validRowPredicate()).contains("`price`").doesNotContain("\"price\"");
    }
  }

  static final java.util.Set<Object> UNORDERED_SAMPLES = java.util.Set.of("expect_column_values_to_be_unique",
      "expect_compound_columns_to_be_unique", "expect_column_values_to_be_increasing",
      "expect_column_values_to_be_decreasing");

  /** Each expectation's type, success and result (observed values, counts, samples), by position. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> results(CheckOutcome o) throws Exception {
    Map<String, Object> doc = JSON.readValue(o.resultJson(), Map.class);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object r : (List<Object>) doc.get("results")) {
      Map<String, Object> m = (Map<String, Object>) r;
      Map<String, Object> x = new TreeMap<>();
      x.put("type", ((Map<String, Object>) m.get("expectation_config")).get("type"));
      x.put("success", m.get("success"));
      Map<String, Object> result = new LinkedHashMap<>((Map<String, Object>) m.get("result"));
      if (UNORDERED_SAMPLES.contains(x.get("type"))) {
        // counted over a window (PARTITION BY / lag): without an index the engines sample different
        // rows of the same unexpected set; the counts and verdicts are compared
        result.remove("partial_unexpected_list");
        result.remove("partial_unexpected_counts");
      }
      x.put("result", normalize(result));
      x.put("exception", ((Map<String, Object>) m.get("exception_info")).get("raised_exception"));
      out.add(x);
    }
    return out;
  }

  /** Numbers compared to 1e-9 relative, as both engines sum doubles in their own order. */
  static Object normalize(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> t = new TreeMap<>();
      m.forEach((k, x) -> t.put(String.valueOf(k), normalize(x)));
      return t;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(SparkParityTest::normalize).toList();
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s && s.matches("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.0+)?")) {
      return s.replace('T', ' ').substring(0, 19);
    }
    return v;
  }

  static Map<String, Object> metrics(CheckOutcome o) {
    Map<String, Object> m = new TreeMap<>();
    for (MetricPoint p : o.metrics()) {
      m.put(p.column() + "|" + p.metric(), p.value());
    }
    return m;
  }

  /** Deep equality, numbers to 1e-9 relative (both engines sum doubles, in their own order). */
  static boolean same(Object a, Object b) {
    if (a instanceof Double x && b instanceof Double y) {
      return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.max(Math.abs(x), Math.abs(y)));
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      return x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> same(x.get(k), y.get(k)));
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return java.util.Objects.equals(a, b);
  }

  static List<Long> ids(SqlRunner r, String sql) {
    return r.query(sql).rows().stream().map(row -> ((Number) row.get(0)).longValue()).toList();
  }

  static Map<Long, String> failed(SqlRunner r, String sql) {
    Map<Long, String> m = new LinkedHashMap<>();
    r.query(sql).rows().forEach(row -> m.put(((Number) row.get(0)).longValue(), (String) row.get(1)));
    return new TreeMap<>(m);
  }
}
