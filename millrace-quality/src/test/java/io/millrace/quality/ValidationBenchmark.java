package io.millrace.quality;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Throwaway measurement of validation speed on a generated 10M x 10 Parquet file (run with MILLRACE_BENCH=true and
 * {@code -Dtest=ValidationBenchmark}); prints timings, asserts nothing.
 */
@Tag("benchmark")
@EnabledIfEnvironmentVariable(named = "MILLRACE_BENCH", matches = "true")
class ValidationBenchmark {
  private static ExpectationConfig e(String type, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return ExpectationConfig.of(type, m);
  }

  static List<ExpectationConfig> twenty() {
    return List.of(
        e("expect_column_values_to_not_be_null", "column", "id"),
        e("expect_column_values_to_not_be_null", "column", "price"),
        e("expect_column_values_to_not_be_null", "column", "email"),
        e("expect_column_values_to_be_between", "column", "price", "min_value", 0, "max_value", 10000),
        e("expect_column_values_to_be_between", "column", "qty", "min_value", 1, "max_value", 100),
        e("expect_column_values_to_be_between", "column", "score", "min_value", 0, "max_value", 1),
        e("expect_column_values_to_be_in_set", "column", "country", "value_set", List.of("US", "FR", "DE", "JP", "BR")),
        e("expect_column_values_to_be_in_set", "column", "status", "value_set", List.of("new", "paid", "shipped")),
        e("expect_column_values_to_be_unique", "column", "id"),
        e("expect_column_values_to_match_regex", "column", "email", "regex", "^[a-z0-9]+@[a-z]+\\.com$"),
        e("expect_column_values_to_match_regex", "column", "sku", "regex", "^SKU-[0-9]+$"),
        e("expect_column_value_lengths_to_be_between", "column", "sku", "min_value", 5, "max_value", 12),
        e("expect_column_mean_to_be_between", "column", "price", "min_value", 0),
        e("expect_column_stdev_to_be_between", "column", "price", "min_value", 0),
        e("expect_column_median_to_be_between", "column", "price", "min_value", 0),
        e("expect_column_min_to_be_between", "column", "ts", "min_value", "2020-01-01"),
        e("expect_column_max_to_be_between", "column", "qty", "max_value", 100),
        e("expect_column_unique_value_count_to_be_between", "column", "user_id", "min_value", 1),
        e("expect_column_unique_value_count_to_be_between", "column", "sku", "min_value", 1),
        e("expect_table_row_count_to_be_between", "min_value", 1));
  }

  @Test
  void measure() throws Exception {
    Path file = Path.of(System.getProperty("java.io.tmpdir"), "millrace-bench-10m.parquet");
    try (DuckRunner db = new DuckRunner()) {
      if (!Files.exists(file)) {
        db.execute("COPY (SELECT i AS id, (i * 7919) % 1000003 AS user_id, (i % 100000) / 10.0 AS price, "
            + "CAST(1 + i % 100 AS INTEGER) AS qty, 'SKU-' || (i % 50000) AS sku, 'user' || (i % 777) || '@mail.com' AS email, "
            + "['US','FR','DE','JP','BR'][1 + i % 5] AS country, TIMESTAMP '2021-01-01' + INTERVAL (i % 86400) SECOND AS ts, "
            + "(i % 1000) / 1000.0 AS score, ['new','paid','shipped'][1 + i % 3] AS status FROM range(10000000) t(i)) "
            + "TO '" + file + "' (FORMAT parquet)");
      }
      String rel = "read_parquet('" + file + "')";
      List<ExpectationConfig> all = new ArrayList<>(twenty());
      List<ExpectationConfig> fifty = new ArrayList<>(all);
      for (int i = 0; fifty.size() < 50; i++) {
        fifty.add(e("expect_column_values_to_be_between", "column", "qty", "min_value", -i, "max_value", 100 + i));
        fifty.add(e("expect_column_values_to_not_be_null", "column", List.of("sku", "status", "country").get(i % 3)));
        if (fifty.size() < 50) {
          fifty.add(e("expect_column_values_to_be_in_set", "column", "status", "value_set", List.of("new", "paid", "shipped", "x" + i)));
        }
      }
      Validator v = new Validator();
      v.validate(Suite.of("warm", all.subList(0, 3)), db, rel, ValidationOptions.DEFAULT);
      for (boolean fuse : List.of(false, true)) {
        for (List<ExpectationConfig> s : List.of(all.subList(0, 1), all.subList(0, 10), all, fifty.subList(0, 50))) {
          long t0 = System.nanoTime();
          ValidationResult r = v.validate(Suite.of("b", s), db, rel, ValidationOptions.DEFAULT.withFuseAll(fuse));
          long ms = (System.nanoTime() - t0) / 1_000_000;
          System.out.printf("BENCH fuseAll=%s expectations=%d ms=%d queries=%s success=%s failed=%s%n", fuse, s.size(), ms,
              r.meta().get("queries"), r.success(),
              r.results().stream().filter(x -> !x.success()).map(ExpectationResult::name).toList());
        }
      }
    }
  }
}
