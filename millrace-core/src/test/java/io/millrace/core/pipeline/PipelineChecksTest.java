package io.millrace.core.pipeline;

import static io.millrace.api.project.Materialization.TABLE;
import static io.millrace.core.pipeline.Fixture.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.project.CheckSpec;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.NodeState;
import io.millrace.core.plan.Plan;
import io.millrace.quality.DefaultQualityChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class PipelineChecksTest {
  private static final String ORDERS = "SELECT i AS id, CASE WHEN i % 10 = 0 THEN -1.0 ELSE i * 1.5 END AS amount, "
      + "CASE WHEN i % 25 = 0 THEN NULL ELSE 'c' || i END AS customer FROM range(1, 101) t(i)";

  @TempDir
  Path dir;
  Fixture fx;
  Path amountSuite;
  Path customerSuite;

  @BeforeEach
  void setUp() throws Exception {
    fx = new Fixture(dir);
    amountSuite = Files.writeString(dir.resolve("amount.yaml"), "name: amounts\nexpectations:\n"
        + "  - expect_column_values_to_be_between: {column: amount, min_value: 0, max_value: 1000}\n");
    customerSuite = Files.writeString(dir.resolve("customer.yaml"), "name: customers\nexpectations:\n"
        + "  - expect_column_values_to_not_be_null: {column: customer}\n");
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private Plan orders(String sql, CheckSpec... checks) {
    return fx.plan(model("orders", sql, TABLE, List.of(), Fixture.ONCE, List.of(checks)),
        model("order_count", "SELECT count(*) AS n FROM orders", TABLE, List.of(), "orders"));
  }

  @Test
  void quarantinesRowsFailingRowLevelChecksAndKeepsEveryRowCounted() {
    RunSummary s = fx.runner(new DefaultQualityChecker()).run(orders(ORDERS,
        new CheckSpec(amountSuite, CheckSpec.Severity.ERROR, CheckSpec.OnFail.QUARANTINE),
        new CheckSpec(customerSuite, CheckSpec.Severity.ERROR, CheckSpec.OnFail.QUARANTINE)), RunOptions.manual());

    assertThat(s.succeeded()).as(RunReportPrinter.render(s)).isTrue();
    NodeResult orders = s.node("orders");
    // 10 negative amounts (i % 10), 4 null customers (i % 25), 2 rows fail both
    assertThat(orders.rowsIn()).isEqualTo(100);
    assertThat(orders.quarantined()).isEqualTo(12);
    assertThat(orders.rowsOut()).isEqualTo(88);
    assertThat(orders.rowsIn()).isEqualTo(orders.rowsOut() + orders.quarantined());
    assertThat(fx.rows("orders", "id")).hasSize(88);
    List<List<Object>> q = fx.rows("orders__quarantine", "id");
    assertThat(q).hasSize(12);
    assertThat(q).allSatisfy(row -> assertThat(row.get(4)).isEqualTo(s.run().runId()));
    assertThat(q).filteredOn(row -> row.get(0).equals(50L)).singleElement()
        .satisfies(row -> assertThat((String) row.get(3)).contains(",").isNotBlank());
    assertThat(fx.rows("order_count", "n")).containsExactly(List.of(88L));
    assertThat(s.run().quarantined()).isEqualTo(12);
    assertThat(fx.store.checks(s.run().runId())).extracting(CheckRecord::suite)
        .containsExactlyInAnyOrder("amounts", "customers");
  }

  @Test
  void failingErrorCheckFailsTheNodeAndLeavesTheTableUntouched() {
    DefaultQualityChecker checker = new DefaultQualityChecker();
    CheckSpec gate = new CheckSpec(customerSuite, CheckSpec.Severity.ERROR, CheckSpec.OnFail.FAIL);
    assertThat(fx.runner(checker).run(orders("SELECT 1 AS id, 2.0 AS amount, 'x' AS customer", gate),
        RunOptions.manual()).succeeded()).isTrue();
    long before = fx.snapshot("orders");

    RunSummary s = fx.runner(checker).run(orders(ORDERS, gate), RunOptions.manual());

    assertThat(s.node("orders").state()).isEqualTo(NodeState.FAILED);
    assertThat(s.node("orders").attempts()).isEqualTo(1);
    assertThat(s.node("orders").error()).contains("Cannot commit table 'orders'", "customers",
        "expect_column_values_to_not_be_null");
    assertThat(s.node("order_count").state()).isEqualTo(NodeState.UPSTREAM_FAILED);
    assertThat(fx.snapshot("orders")).isEqualTo(before);
    assertThat(fx.rows("orders", "id")).hasSize(1);
    assertThat(fx.store.checks(s.run().runId())).singleElement().satisfies(c -> assertThat(c.success()).isFalse());
  }

  @Test
  void failingWarnCheckCommitsAndRecordsTheFailure() {
    RunSummary s = fx.runner(new DefaultQualityChecker()).run(orders(ORDERS,
        new CheckSpec(customerSuite, CheckSpec.Severity.WARN, CheckSpec.OnFail.FAIL)), RunOptions.manual());

    assertThat(s.succeeded()).as(RunReportPrinter.render(s)).isTrue();
    assertThat(fx.rows("orders", "id")).hasSize(100);
    assertThat(s.checks()).singleElement().satisfies(c -> assertThat(c.success()).isFalse());
    assertThat(fx.warehouse.exists("orders__quarantine")).isFalse();
  }
}
