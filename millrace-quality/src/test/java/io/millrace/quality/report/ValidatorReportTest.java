package io.millrace.quality.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.project.EngineSpec;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.EngineSession;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.quality.ExpectationConfig;
import io.millrace.quality.Suite;
import io.millrace.quality.ValidationOptions;
import io.millrace.quality.ValidationResult;
import io.millrace.quality.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report reads the validation results this module's validator really produces. */
class ValidatorReportTest {
  @TempDir
  Path dir;

  @Test
  void reportsRealValidatorResultsWithUnexpectedSamples() throws Exception {
    ValidationResult result;
    try (DuckDbEngine engine = DuckDbEngine.open(EngineSpec.DEFAULT, null); EngineSession db = engine.session()) {
      db.execute("CREATE TABLE items AS SELECT * FROM (VALUES (1, 5.0), (2, -3.0), (3, NULL)) t(id, price)");
      Suite suite = Suite.of("items_suite", List.of(
          ExpectationConfig.of("expect_column_values_to_be_between", Map.of("column", "price", "min_value", 0)),
          ExpectationConfig.of("expect_column_values_to_be_unique", Map.of("column", "id"))));
      result = new Validator().validate(suite, db, "items", ValidationOptions.DEFAULT);
    }
    InMemoryRunStore store = new InMemoryRunStore();
    Instant t0 = Instant.parse("2026-01-10T08:00:00Z");
    store.saveRun(new RunRecord("r1", "p", "manual", null, null, RunState.FAILED, t0, t0.plusSeconds(1), 3, 0, 0, 0, null));
    store.saveCheck(new CheckRecord("r1", "items", "items_suite", result.success(), 66.7, result.successPercent(),
        result.toJson()));
    String html = Files.readString(HtmlReport.write(store, "r1", "p", dir.resolve("r.html")));
    assertThat(html).contains("data-table=\"items\"").contains("expect_column_values_to_be_between")
        .contains("expect_column_values_to_be_unique").contains("<code>-3");
    assertThat(html.indexOf("expect_column_values_to_be_between"))
        .isLessThan(html.indexOf("expect_column_values_to_be_unique"));
  }
}
