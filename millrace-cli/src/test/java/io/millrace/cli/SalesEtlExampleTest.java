package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Runs examples/sales-etl end to end through the CLI and checks its outputs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SalesEtlExampleTest {
  Path tmp;
  Path project;
  Path sqlite;
  CliRun run;

  @BeforeAll
  void runExample(@TempDir Path dir) throws Exception {
    tmp = dir;
    project = CliRun.copyExample("sales-etl", tmp);
    sqlite = tmp.resolve("out/sales.sqlite");
    run = CliRun.of("run", project.toString(), "--var", "rows=20000", "--var", "sqlite_path=" + sqlite);
  }

  @Test
  void runSucceedsAndAccountsForEveryInputRow() throws Exception {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    long lines = java.nio.file.Files.lines(project.resolve("data/sales.csv")).count() - 1;
    long loaded = scalar("SELECT count(*) FROM sales");
    long quarantined = scalar("SELECT count(*) FROM sales__quarantine");
    long rejected = scalar("SELECT count(*) FROM sales__rejects");
    assertThat(quarantined).isPositive();
    assertThat(rejected).isPositive();
    assertThat(loaded + quarantined + rejected).isEqualTo(lines);
    assertThat(run.out()).contains("Rejected lines of sales");
  }

  @Test
  void quarantineKeepsTheFailedExpectationsAndRunId() {
    CliRun q = CliRun.of("sql", project.toString(), "--format", "csv",
        "SELECT count(*) FILTER (WHERE failed_expectations LIKE '%price%' AND price <= 0) AS bad_price, "
            + "count(*) FILTER (WHERE run_id IS NULL OR failed_expectations = '') AS unexplained FROM sales__quarantine");
    assertThat(q.exitCode()).as(q.toString()).isZero();
    String[] values = q.out().lines().skip(1).findFirst().orElseThrow().split(",");
    assertThat(Long.parseLong(values[0])).isPositive();
    assertThat(Long.parseLong(values[1])).isZero();
  }

  @Test
  void sqliteExportHoldsTheThreeTablesWithDerivedColumns() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement s = c.createStatement()) {
      assertThat(count(s, "SELECT count(*) FROM sales_data")).isEqualTo(scalar("SELECT count(*) FROM sales"));
      assertThat(count(s, "SELECT count(*) FROM sales_data WHERE abs(total_amount - round(quantity * price, 2)) > 0.001")).isZero();
      // day_of_week: Monday = 0 (2024-01-01 was a Monday)
      assertThat(count(s, "SELECT count(*) FROM sales_data WHERE date = '2024-01-01' AND day_of_week <> 0")).isZero();
      assertThat(count(s, "SELECT count(*) FROM sales_data WHERE date = '2024-01-07' AND day_of_week <> 6")).isZero();
      assertThat(count(s, "SELECT count(*) FROM daily_summary")).isEqualTo(scalar("SELECT count(DISTINCT date) FROM sales"));
      assertThat(count(s, "SELECT count(*) FROM customer_summary"))
          .isEqualTo(scalar("SELECT count(DISTINCT customer_id) FROM sales"));
      assertThat(count(s, "SELECT count(*) FROM customer_summary WHERE customer_lifetime_days < 0")).isZero();
      try (ResultSet rs = s.executeQuery("SELECT * FROM customer_summary LIMIT 1")) {
        var md = rs.getMetaData();
        StringBuilder cols = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          cols.append(md.getColumnName(i)).append(' ');
        }
        assertThat(cols.toString().trim()).isEqualTo(
            "customer_id total_spent avg_order_value order_count unique_products customer_lifetime_days");
      }
    }
    // a customer's total_spent equals the sum of their sales amounts (rounded to cents)
    long mismatched = scalar("SELECT count(*) FROM customer_summary c JOIN (SELECT customer_id, "
        + "round(sum(quantity * price), 2) AS t FROM sales GROUP BY customer_id) s USING (customer_id) "
        + "WHERE abs(c.total_spent - s.t) > 0.011");
    assertThat(mismatched).isZero();
  }

  @Test
  void runsAndTablesListTheRun() {
    CliRun runs = CliRun.of("runs", project.toString());
    assertThat(runs.exitCode()).isZero();
    assertThat(runs.out()).contains("success");
    String runId = runs.out().lines().skip(2).findFirst().orElseThrow().split("\\s+")[0];
    CliRun one = CliRun.of("runs", project.toString(), runId);
    assertThat(one.out()).contains("sales_data").contains("customer_summary").contains("quality_score");
    CliRun tables = CliRun.of("tables", project.toString());
    assertThat(tables.out()).contains("sales__quarantine").contains("sales__rejects").contains("daily_summary");
  }

  @Test
  void reportIsWrittenAsHtml() throws Exception {
    CliRun report = CliRun.of("report", project.toString());
    assertThat(report.exitCode()).as(report.toString()).isZero();
    String html = java.nio.file.Files.readString(Path.of(report.out().trim()));
    assertThat(html).contains("<html").contains("sales").contains("expect_column_values_to_be_between");
  }

  private long scalar(String sql) {
    CliRun r = CliRun.of("sql", project.toString(), "--format", "csv", sql);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Long.parseLong(r.out().lines().skip(1).findFirst().orElseThrow().trim());
  }

  private static long count(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
