package io.millrace.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.CheckSpec;
import io.millrace.api.project.CheckSpec.OnFail;
import io.millrace.api.project.CheckSpec.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteLoaderTest {
  @TempDir
  Path dir;

  private static final TableSchema SALES = new TableSchema(List.of(new Column("price", LogicalType.DOUBLE),
      new Column("qty", LogicalType.INTEGER), new Column("sku", LogicalType.VARCHAR)));

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void loadsMillraceYamlShorthandAndLongForm() throws Exception {
    Suite s = new SuiteLoader().load(write("sales.yaml", """
        name: sales
        expectations:
          - expect_column_values_to_not_be_null: {column: price}
          - type: expect_column_values_to_be_between
            kwargs: {column: price, min_value: 0, max_value: 10000, mostly: 0.99}
            meta: {notes: "prices are positive"}
            severity: warn
            on_fail: quarantine
        """));
    assertThat(s.name()).isEqualTo("sales");
    assertThat(s.expectations()).hasSize(2);
    ExpectationConfig first = s.expectations().get(0);
    assertThat(first.type()).isEqualTo("expect_column_values_to_not_be_null");
    assertThat(first.kwargs()).containsEntry("column", "price");
    ExpectationConfig second = s.expectations().get(1);
    assertThat(second.kwargs()).containsEntry("mostly", 0.99).containsEntry("max_value", 10000);
    assertThat(second.meta()).containsEntry("notes", "prices are positive");
    assertThat(second.severity()).isEqualTo(Severity.WARN);
    assertThat(second.onFail()).isEqualTo(OnFail.QUARANTINE);
  }

  @Test
  void loadsGreatExpectationsJsonOfBothMajorVersions() throws Exception {
    Suite v0 = new SuiteLoader().load(write("v0.json", """
        {"expectation_suite_name": "old", "expectations": [
          {"expectation_type": "expect_column_values_to_be_unique", "kwargs": {"column": "sku"}, "meta": {}}]}
        """));
    Suite v1 = new SuiteLoader().load(write("v1.json", """
        {"name": "new", "expectations": [
          {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "sku"}, "meta": {}, "id": "x"}]}
        """));
    assertThat(v0.name()).isEqualTo("old");
    assertThat(v1.name()).isEqualTo("new");
    assertThat(v0.expectations().get(0)).isEqualTo(v1.expectations().get(0));
  }

  private MillraceException bindError(String yaml) throws Exception {
    Path p = write("bad.yaml", yaml);
    try {
      new DefaultQualityChecker().bind(new CheckSpec(p, null, null), "sales", SALES);
    } catch (MillraceException e) {
      return e;
    }
    throw new AssertionError("no bind error for " + yaml);
  }

  @Test
  void rejectsUnknownTypeSuggestingTheClosest() throws Exception {
    MillraceException e = bindError("expectations:\n  - expect_column_values_to_not_be_nul: {column: price}\n");
    assertThat(e.getMessage()).contains("bad.yaml", "expectation #1", "expect_column_values_to_not_be_nul",
        "did you mean 'expect_column_values_to_not_be_null'");
    assertThat(e.kind()).isEqualTo(io.millrace.api.ErrorKind.USER);
  }

  @Test
  void rejectsUnknownMissingAndIllTypedKwargs() throws Exception {
    assertThat(bindError("expectations:\n  - expect_column_values_to_not_be_null: {column: price}\n"
        + "  - expect_column_values_to_be_between: {column: price, min_vale: 1}\n").getMessage())
        .contains("expectation #2", "unknown kwarg 'min_vale'", "did you mean 'min_value'");
    assertThat(bindError("expectations:\n  - expect_column_values_to_match_regex: {column: sku}\n").getMessage())
        .contains("missing required kwarg 'regex'");
    assertThat(bindError("expectations:\n  - expect_table_row_count_to_equal: {value: many}\n").getMessage())
        .contains("'many' is not a valid integer");
  }

  @Test
  void rejectsColumnsMissingFromTheSchema() throws Exception {
    assertThat(bindError("expectations:\n  - expect_column_values_to_not_be_null: {column: cost}\n").getMessage())
        .contains("column 'cost'", "not in the table", "price");
  }

  @Test
  void rejectsQuarantineOnNonRowLevelExpectations() throws Exception {
    assertThat(bindError("expectations:\n  - type: expect_column_mean_to_be_between\n"
        + "    kwargs: {column: price, min_value: 1}\n    on_fail: quarantine\n").getMessage())
        .contains("on_fail quarantine needs a row-level expectation");
  }

  @Test
  void rejectsMalformedFilesNamingThem() throws Exception {
    Path p = write("broken.yaml", "expectations: [ {");
    assertThatThrownBy(() -> new SuiteLoader().load(p)).isInstanceOf(MillraceException.class)
        .hasMessageContaining("broken.yaml");
    assertThatThrownBy(() -> new SuiteLoader().load(dir.resolve("absent.yaml")))
        .hasMessageContaining("absent.yaml").hasMessageContaining("not found");
  }
}
