package io.millrace.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.Column;
import io.millrace.api.ErrorKind;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.CheckSpec;
import io.millrace.api.project.CheckSpec.OnFail;
import io.millrace.api.project.CheckSpec.Severity;
import io.millrace.api.spi.CheckOutcome;
import io.millrace.api.spi.MetricHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A suite's {@code row_condition} is parsed as one boolean expression and re-rendered, never pasted
 * into a query: a condition crafted to close the expression and run {@code COPY ... TO} is refused
 * with a clear USER error, in {@code validate} and in suites attached to a pipeline, and the file it
 * aimed at is never written.
 */
class RowConditionInjectionTest {
  @TempDir
  Path dir;
  private DuckRunner db;
  private Path target;

  private static final TableSchema SCHEMA = new TableSchema(List.of(new Column("id", LogicalType.BIGINT),
      new Column("price", LogicalType.DOUBLE), new Column("sku", LogicalType.VARCHAR)));

  @BeforeEach
  void setUp() {
    db = new DuckRunner();
    db.execute("CREATE TABLE staged AS SELECT i AS id, i - 5.0 AS price, 'SKU-' || i AS sku FROM range(20) t(i)");
    target = dir.resolve("pwned.csv");
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private String injection() {
    return "price > 0) OR TRUE; COPY (SELECT 42 AS x) TO '" + target + "' (HEADER); SELECT (TRUE";
  }

  private Path suite(String condition, String parser, boolean catchExceptions) throws Exception {
    Path p = dir.resolve("orders.yaml");
    Files.writeString(p, "name: orders\nexpectations:\n"
        + "  - expect_column_values_to_not_be_null:\n      column: sku\n"
        + "  - expect_column_values_to_be_between:\n      column: id\n      min_value: 0\n"
        + "      row_condition: \"" + condition.replace("\"", "\\\"") + "\"\n"
        + "      condition_parser: " + parser + "\n"
        + (catchExceptions ? "      catch_exceptions: true\n" : ""));
    return p;
  }

  @Test
  void validateRefusesACopyInjectionAndWritesNoFile() throws Exception {
    Path file = suite(injection(), "sql", false);
    Suite s = new SuiteLoader().load(file);
    assertThatThrownBy(() -> new Validator().validate(s, db, "staged", ValidationOptions.DEFAULT))
        .isInstanceOf(MillraceException.class)
        .satisfies(e -> assertThat(((MillraceException) e).kind()).isEqualTo(ErrorKind.USER))
        .hasMessageContaining("Cannot bind suite " + file)
        .hasMessageContaining("expectation #2 (expect_column_values_to_be_between)")
        .hasMessageContaining("is not a single boolean expression")
        .hasMessageContaining("';' is not allowed");
    assertThat(target).doesNotExist();
  }

  @Test
  void catchExceptionsRecordsTheRefusalAndStillRunsNothing() throws Exception {
    Suite s = new SuiteLoader().load(suite(injection(), "spark", true));
    ValidationResult r = new Validator().validate(s, db, "staged", ValidationOptions.DEFAULT);
    assertThat(r.results().get(0).success()).isTrue();
    assertThat(r.results().get(1).exception().message()).contains("';' is not allowed");
    assertThat(target).doesNotExist();
  }

  @Test
  void pipelineBindingRefusesTheInjectionAtPlanTime() throws Exception {
    Path file = suite(injection(), "sql", false);
    DefaultQualityChecker checker = new DefaultQualityChecker();
    assertThatThrownBy(() -> checker.bind(new CheckSpec(file, Severity.ERROR, OnFail.QUARANTINE), "staged", SCHEMA))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("expectation #2")
        .hasMessageContaining("row_condition");
    assertThat(target).doesNotExist();
  }

  @Test
  void refusesSubqueriesTableFunctionsAndNonBooleanConditions() throws Exception {
    for (String[] c : new String[][] {
        {"id IN (SELECT 1)", "subqueries are not allowed"},
        {"read_csv('" + target + "') IS NOT NULL", "unknown function read_csv()"},
        {"id + 1", "not a boolean expression"},
        {"nope > 1", "unknown column 'nope'"},
        {"id > 1 UNION SELECT 1", "unexpected 'UNION'"}}) {
      Suite s = new SuiteLoader().load(suite(c[0], "sql", false));
      assertThatThrownBy(() -> new Validator().validate(s, db, "staged", ValidationOptions.DEFAULT))
          .as(c[0]).hasMessageContaining(c[1]);
    }
    Suite pandas = new SuiteLoader().load(suite("price > 0; DROP TABLE staged", "pandas", false));
    assertThatThrownBy(() -> new Validator().validate(pandas, db, "staged", ValidationOptions.DEFAULT))
        .hasMessageContaining("row_condition").hasMessageContaining("';'");
    assertThat(db.query("SELECT count(*) FROM staged").rows().get(0).get(0)).isEqualTo(20L);
    assertThat(target).doesNotExist();
  }

  @Test
  void aSingleBooleanConditionStillFiltersRowsInBothPaths() throws Exception {
    Path file = suite("price > 0 AND sku LIKE 'SKU-1%'", "sql", false);
    ValidationResult r = new Validator().validate(new SuiteLoader().load(file), db, "staged",
        ValidationOptions.DEFAULT.withResultFormat("COMPLETE"));
    assertThat(r.results().get(1).success()).isTrue();
    assertThat(r.results().get(1).result()).containsEntry("element_count", 10L);
    DefaultQualityChecker checker = new DefaultQualityChecker();
    CheckOutcome o = checker.check(checker.bind(new CheckSpec(file, Severity.ERROR, OnFail.QUARANTINE), "staged",
        SCHEMA), db, "staged", "staged", "run1", MetricHistory.EMPTY);
    assertThat(o.success()).isTrue();
  }
}
