package io.millrace.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ValidatorTest {
  private DuckRunner db;

  @BeforeEach
  void setUp() {
    db = new DuckRunner();
    db.execute("CREATE TABLE sales AS SELECT i AS id, CASE WHEN i % 10 = 0 THEN NULL ELSE i * 1.5 END AS price,"
        + " 'SKU-' || (i % 50) AS sku, i % 7 AS qty, CASE WHEN i % 3 = 0 THEN 'x' ELSE 'y' END AS kind"
        + " FROM range(1000) t(i)");
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private static ExpectationConfig e(String type, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return ExpectationConfig.of(type, m);
  }

  private ValidationResult run(ValidationOptions o, ExpectationConfig... es) {
    return new Validator().validate(Suite.of("t", List.of(es)), db, "sales", o);
  }

  @Test
  void uniquenessOfIntegersIsExactForSmallAndHugeRanges() {
    db.execute("CREATE TABLE ids AS SELECT * FROM (VALUES (1, 1, 10), (2, 5, 1000000000000000), "
        + "(3, 5, 1000000000000000), (4, NULL, -7)) t(k, small, huge)");
    ExpectationConfig[] es = {
        e("expect_column_values_to_be_unique", "column", "k"),
        e("expect_column_values_to_be_unique", "column", "small"),
        e("expect_column_values_to_be_unique", "column", "huge")};
    ValidationResult r = new Validator().validate(Suite.of("u", List.of(es)), db, "ids", ValidationOptions.DEFAULT);
    assertThat(r.results().get(0).success()).isTrue();
    assertThat(r.results().get(1).success()).isFalse();
    assertThat(r.results().get(1).result()).containsEntry("unexpected_count", 2L);
    assertThat(r.results().get(2).success()).isFalse();   // range 10^15: proven by count(DISTINCT), not a bitmap
    assertThat(r.results().get(2).result()).containsEntry("unexpected_count", 2L);
  }

  @Test
  void plansTwentyExpectationsIntoAFewQueries() {
    db.queries.set(0);
    ValidationResult r = run(ValidationOptions.DEFAULT,
        e("expect_column_values_to_not_be_null", "column", "id"),
        e("expect_column_values_to_not_be_null", "column", "qty"),
        e("expect_column_values_to_not_be_null", "column", "sku"),
        e("expect_column_values_to_be_between", "column", "price", "min_value", 0),
        e("expect_column_values_to_be_between", "column", "qty", "min_value", 0, "max_value", 6),
        e("expect_column_values_to_be_in_set", "column", "kind", "value_set", List.of("x", "y")),
        e("expect_column_values_to_be_unique", "column", "id"),
        e("expect_column_values_to_match_regex", "column", "sku", "regex", "^SKU-\\d+$"),
        e("expect_column_values_to_not_match_regex", "column", "sku", "regex", "zzz"),
        e("expect_column_value_lengths_to_be_between", "column", "sku", "min_value", 5, "max_value", 6),
        e("expect_column_mean_to_be_between", "column", "price", "min_value", 0),
        e("expect_column_min_to_be_between", "column", "id", "min_value", 0),
        e("expect_column_max_to_be_between", "column", "id", "max_value", 999),
        e("expect_column_stdev_to_be_between", "column", "qty", "min_value", 0),
        e("expect_column_sum_to_be_between", "column", "qty", "min_value", 0),
        e("expect_column_median_to_be_between", "column", "price", "min_value", 0),
        e("expect_column_unique_value_count_to_be_between", "column", "sku", "min_value", 50, "max_value", 50),
        e("expect_column_proportion_of_unique_values_to_be_between", "column", "id", "min_value", 1),
        e("expect_table_row_count_to_be_between", "min_value", 1000, "max_value", 1000),
        e("expect_table_columns_to_match_set", "column_set", List.of("id", "price", "sku", "qty", "kind")));
    assertThat(r.results()).hasSize(20);
    assertThat(r.results()).allSatisfy(x -> assertThat(x.exception()).isNull());
    // describe + cheap + string + distinct + quantile + uniqueness count; no samples (all pass)
    assertThat(r.success()).as(r.toTable()).isTrue();
    assertThat(db.queries.get()).isLessThanOrEqualTo(7);
    assertThat(r.meta().get("queries")).isEqualTo(db.queries.get());
  }

  @Test
  void capsPartialUnexpectedListAndCompleteListsEverything() {
    ValidationResult dflt = run(ValidationOptions.DEFAULT, e("expect_column_values_to_not_be_null", "column", "price"));
    Map<String, Object> res = dflt.results().get(0).result();
    assertThat(res.get("unexpected_count")).isEqualTo(100L);
    assertThat((List<?>) res.get("partial_unexpected_list")).hasSize(20);
    assertThat(res).doesNotContainKey("unexpected_list");
    assertThat(res.get("unexpected_percent")).isEqualTo(10.0);

    ValidationResult three = run(ValidationOptions.DEFAULT, e("expect_column_values_to_be_in_set", "column", "qty",
        "value_set", List.of(0, 1), "result_format", Map.of("result_format", "SUMMARY", "partial_unexpected_count", 3)));
    assertThat((List<?>) three.results().get(0).result().get("partial_unexpected_list")).hasSize(3);
    assertThat(three.results().get(0).result()).containsKey("partial_unexpected_counts");

    ValidationResult complete = run(ValidationOptions.DEFAULT.withResultFormat("COMPLETE"),
        e("expect_column_values_to_not_be_null", "column", "price"));
    assertThat((List<?>) complete.results().get(0).result().get("unexpected_list")).hasSize(100);

    ValidationResult bool = run(ValidationOptions.DEFAULT.withResultFormat("BOOLEAN_ONLY"),
        e("expect_column_values_to_not_be_null", "column", "price"));
    assertThat(bool.results().get(0).result()).isEmpty();
    assertThat(bool.success()).isFalse();
  }

  @Test
  void appliesMostlyToNonMissingRows() {
    ValidationResult r = run(ValidationOptions.DEFAULT,
        e("expect_column_values_to_be_between", "column", "price", "max_value", 1350, "mostly", 0.9),
        e("expect_column_values_to_be_between", "column", "price", "max_value", 1350, "mostly", 0.95));
    // 900 non-null prices, 90 above 1350 (i = 901..999 minus the 9 null multiples of 10) -> 90% within
    assertThat(r.results().get(0).result().get("missing_count")).isEqualTo(100L);
    assertThat(r.results().get(0).result().get("unexpected_count")).isEqualTo(90L);
    assertThat(r.results().get(0).success()).isTrue();
    assertThat(r.results().get(1).success()).isFalse();
    ValidationResult loose = run(ValidationOptions.DEFAULT,
        e("expect_column_values_to_be_between", "column", "price", "max_value", 1350, "mostly", 0.85));
    assertThat(loose.success()).isTrue();
  }

  @Test
  void filtersRowsWithRowConditionInBothSyntaxes() {
    ValidationResult r = run(ValidationOptions.DEFAULT,
        e("expect_column_values_to_be_in_set", "column", "kind", "value_set", List.of("x"),
            "row_condition", "id % 3 == 0".replace(" % 3 == 0", " < 0"), "condition_parser", "pandas"),
        e("expect_column_values_to_be_between", "column", "qty", "max_value", 3,
            "row_condition", "col(\"qty\")<=3 & kind==\"x\"", "condition_parser", "great_expectations"),
        e("expect_column_values_to_be_in_set", "column", "kind", "value_set", List.of("x"),
            "row_condition", "kind == 'y'", "condition_parser", "pandas"));
    assertThat(r.results().get(0).success()).isTrue();
    assertThat(r.results().get(0).result().get("element_count")).isEqualTo(0L);
    assertThat(r.results().get(1).success()).isTrue();
    assertThat(r.results().get(2).success()).isFalse();
    assertThat(r.results().get(2).result().get("element_count")).isEqualTo(666L);
  }

  @Test
  void recordsExceptionsWithoutAbortingTheSuite() {
    ValidationResult r = run(ValidationOptions.DEFAULT,
        e("expect_column_values_to_not_be_null", "column", "id"),
        e("expect_column_values_to_be_between", "column", "sku", "min_value", 1, "catch_exceptions", true),
        e("expect_column_mean_to_be_between", "column", "sku", "min_value", 1, "catch_exceptions", true),
        e("expect_column_max_to_be_between", "column", "id", "max_value", 999));
    assertThat(r.results().get(0).success()).isTrue();
    assertThat(r.results().get(3).success()).isTrue();
    ExpectationResult failedAtRun = r.results().get(1);
    assertThat(failedAtRun.success()).isFalse();
    assertThat(failedAtRun.exception().message()).contains("expectation #2", "sku");
    assertThat(r.results().get(2).exception().message()).contains("not numeric");
    assertThat(r.toJson()).contains("\"raised_exception\" : true", "\"exception_message\"",
        "\"evaluated_expectations\" : 4", "\"successful_expectations\" : 2");
  }

  @Test
  void rendersOneLinePerExpectation() {
    ValidationResult r = run(ValidationOptions.DEFAULT,
        e("expect_column_values_to_not_be_null", "column", "price"),
        e("expect_column_max_to_be_between", "column", "id", "max_value", 999));
    String table = r.toTable();
    assertThat(table.lines().toList()).hasSize(3);
    assertThat(table).contains("✗ expect_column_values_to_not_be_null", "price", "100 (10.00%)",
        "✓ expect_column_max_to_be_between", "999", "1/2 expectations passed");
  }
}
