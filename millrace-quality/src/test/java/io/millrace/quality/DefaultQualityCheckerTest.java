package io.millrace.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.TableSchema;
import io.millrace.api.project.CheckSpec;
import io.millrace.api.project.CheckSpec.OnFail;
import io.millrace.api.project.CheckSpec.Severity;
import io.millrace.api.run.MetricPoint;
import io.millrace.api.spi.BoundSuite;
import io.millrace.api.spi.CheckOutcome;
import io.millrace.api.spi.MetricHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultQualityCheckerTest {
  @TempDir
  Path dir;
  private DuckRunner db;
  private final DefaultQualityChecker checker = new DefaultQualityChecker();
  private static final TableSchema SCHEMA = new TableSchema(List.of(new Column("id", LogicalType.BIGINT),
      new Column("price", LogicalType.DOUBLE), new Column("sku", LogicalType.VARCHAR)));

  @BeforeEach
  void setUp() {
    db = new DuckRunner();
    db.execute("CREATE TABLE staged AS SELECT i AS id, CASE WHEN i % 10 = 0 THEN NULL ELSE i - 5.0 END AS price, "
        + "CASE WHEN i % 25 = 0 THEN 'bad' ELSE 'SKU-' || i END AS sku FROM range(200) t(i)");
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private BoundSuite bind(String yaml, OnFail onFail) throws Exception {
    Path p = dir.resolve("s.yaml");
    Files.writeString(p, yaml);
    return checker.bind(new CheckSpec(p, Severity.ERROR, onFail), "staged", SCHEMA);
  }

  @Test
  void quarantinePredicateSplitsRowsIntoValidAndInvalid() throws Exception {
    BoundSuite s = bind("""
        name: staged
        expectations:
          - expect_column_values_to_not_be_null: {column: price}
          - expect_column_values_to_be_between: {column: price, min_value: 0}
          - expect_column_values_to_match_regex: {column: sku, regex: '^SKU-'}
          - expect_table_row_count_to_be_between: {min_value: 1}
        """, OnFail.QUARANTINE);
    assertThat(s.hasRowLevelExpectations()).isTrue();
    CheckOutcome o = checker.check(s, db, "staged", "staged", "run1", MetricHistory.EMPTY);
    long valid = ((Number) db.query("SELECT count(*) FROM staged WHERE " + o.validRowPredicate()).scalar()).longValue();
    long invalid = ((Number) db.query("SELECT count(*) FROM staged WHERE NOT (" + o.validRowPredicate() + ")")
        .scalar()).longValue();
    // nulls: 20 (i%10==0); negative: i=1..4 -> 4; 'bad': i%25==0 -> 8, of which 4 (i%50==0) have null prices
    assertThat(valid + invalid).isEqualTo(200);
    assertThat(invalid).isEqualTo(28).isEqualTo(o.invalidRows());
    assertThat(o.evaluatedRows()).isEqualTo(200);
    assertThat(o.score()).isEqualTo(100.0 * 172 / 200);
    assertThat(o.success()).isFalse();
    assertThat(o.blocking()).as("quarantined row-level failures do not block").isFalse();
    assertThat(o.passRate()).isEqualTo(25.0);
    String names = (String) db.query("SELECT " + o.failedExpectationsSql() + " FROM staged WHERE id = 50").scalar();
    assertThat(names).isEqualTo("expect_column_values_to_not_be_null(price),expect_column_values_to_match_regex(sku)");
    assertThat(o.resultJson()).contains("\"success_percent\" : 25.0");
  }

  @Test
  void errorSeverityFailuresBlockAndWarningsDoNot() throws Exception {
    CheckOutcome blocking = checker.check(bind("expectations:\n  - expect_column_values_to_not_be_null: {column: price}\n",
        OnFail.FAIL), db, "staged", "staged", "r", MetricHistory.EMPTY);
    assertThat(blocking.blocking()).isTrue();
    assertThat(blocking.validRowPredicate()).isNull();
    CheckOutcome warn = checker.check(bind("expectations:\n  - type: expect_column_values_to_not_be_null\n"
        + "    kwargs: {column: price}\n    severity: warn\n", OnFail.FAIL), db, "staged", "staged", "r",
        MetricHistory.EMPTY);
    assertThat(warn.success()).isFalse();
    assertThat(warn.blocking()).isFalse();
  }

  @Test
  void recordsRowCountNullFractionsAndSuiteMetrics() throws Exception {
    CheckOutcome o = checker.check(bind("expectations:\n  - expect_column_mean_to_be_between: {column: id, min_value: 0}\n",
        OnFail.FAIL), db, "staged", "staged", "r1", MetricHistory.EMPTY);
    assertThat(o.metrics()).extracting(MetricPoint::column, MetricPoint::metric, MetricPoint::value)
        .contains(org.assertj.core.groups.Tuple.tuple("", "row_count", 200.0),
            org.assertj.core.groups.Tuple.tuple("price", "null_fraction", 0.1),
            org.assertj.core.groups.Tuple.tuple("id", "mean", 99.5));
  }

  @Test
  void flagsAnomalousRowCountAgainstHistory() throws Exception {
    BoundSuite s = bind("""
        expectations:
          - type: expect_table_row_count_to_not_be_anomalous
            kwargs: {method: exponential_smoothing, alpha: 0.3, k: 4, min_history: 3}
          - type: expect_metric_to_not_be_anomalous
            kwargs: {metric: null_fraction, column: price, method: bounds, min_value: 0, max_value: 0.05}
        """, OnFail.FAIL);
    MetricHistory steady = (t, c, m, l) -> List.of(1000.0, 1010.0, 990.0, 1005.0);
    CheckOutcome o = checker.check(s, db, "staged", "staged", "r", steady);
    assertThat(o.resultJson()).contains("\"history_size\" : 4");
    assertThat(o.success()).isFalse();
    assertThat(o.passRate()).isEqualTo(0.0);
    MetricHistory near = (t, c, m, l) -> List.of(195.0, 205.0, 198.0, 202.0);
    BoundSuite rowCountOnly = bind("expectations:\n  - expect_table_row_count_to_not_be_anomalous: "
        + "{alpha: 0.3, k: 4, min_history: 3}\n", OnFail.FAIL);
    assertThat(checker.check(rowCountOnly, db, "staged", "staged", "r", near).success()).isTrue();
    assertThat(checker.check(rowCountOnly, db, "staged", "staged", "r", MetricHistory.EMPTY).success())
        .as("too little history is not anomalous").isTrue();
  }

  @Test
  void aRelationTheEngineCannotScanFailsWithTheEnginesError() throws Exception {
    BoundSuite s = bind("""
        name: staged
        expectations:
          - expect_column_values_to_not_be_null: {column: price}
        """, OnFail.FAIL);
    String broken = "(SELECT * FROM staged WHERE CAST(sku AS BIGINT) > 0)";
    assertThatThrownBy(() -> checker.check(s, db, broken, "staged", "run1", MetricHistory.EMPTY))
        .isInstanceOf(io.millrace.api.MillraceException.class)
        .hasMessageContaining("Could not convert string 'bad'");
  }

  @Test
  void zScoresAreRelationLevelSoQuarantineWithThemIsRefusedAtBindTime() throws Exception {
    assertThatThrownBy(() -> bind("""
        name: staged
        expectations:
          - expect_column_value_z_scores_to_be_less_than: {column: price, threshold: 1}
            on_fail: quarantine
        """, OnFail.FAIL))
        .isInstanceOf(io.millrace.api.MillraceException.class)
        .hasMessageContaining("expectation #1 (expect_column_value_z_scores_to_be_less_than)")
        .hasMessageContaining("on_fail quarantine needs a row-level expectation")
        .hasMessageContaining("against the whole relation");
    // attached with quarantine as the suite's default, a z-score check gates instead of splitting rows
    BoundSuite s = bind("""
        name: staged
        expectations:
          - expect_column_value_z_scores_to_be_less_than: {column: price, threshold: 1}
        """, OnFail.QUARANTINE);
    assertThat(s.hasRowLevelExpectations()).isFalse();
    CheckOutcome o = checker.check(s, db, "staged", "staged", "run1", MetricHistory.EMPTY);
    assertThat(o.success()).isFalse();
    assertThat(o.blocking()).isTrue();
    assertThat(o.validRowPredicate()).isNull();
    assertThat(o.invalidRows()).as("relation-level failures are not counted as invalid rows").isZero();
  }
}
