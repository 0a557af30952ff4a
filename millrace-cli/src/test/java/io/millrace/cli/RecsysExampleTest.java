package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Runs examples/recsys end to end through the CLI and checks its feature engineering. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecsysExampleTest {
  Path project;
  CliRun run;

  @BeforeAll
  void runExample(@TempDir Path dir) throws Exception {
    project = CliRun.copyExample("recsys", dir);
    run = CliRun.of("run", project.toString(), "--var", "users=300", "--var", "transactions=5000");
  }

  @Test
  void runSucceedsWithEveryTable() {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    for (String t : new String[] {"user_behavior", "product_catalog", "transaction_history", "user_behavior_clean",
        "user_features", "product_features", "user_daily", "product_daily", "transactions_hourly"}) {
      assertThat(scalar("SELECT count(*) FROM " + t)).as(t).isPositive();
    }
  }

  @Test
  void missingValuesAreForwardFilledPerUserInTimestampOrder() {
    assertThat(scalar("SELECT count(*) FROM user_behavior WHERE page_views IS NULL OR session_duration IS NULL"))
        .as("the generated data has gaps to fill").isPositive();
    assertThat(scalar("SELECT count(*) FROM user_behavior_clean WHERE page_views IS NULL OR session_duration IS NULL"))
        .isZero();
    // a filled value equals the same user's latest earlier non-null value
    assertThat(scalar("SELECT count(*) FROM user_behavior b JOIN user_behavior_clean c USING (user_id, timestamp) "
        + "WHERE b.page_views IS NULL AND c.page_views <> coalesce((SELECT p.page_views FROM user_behavior p "
        + "WHERE p.user_id = b.user_id AND p.timestamp < b.timestamp AND p.page_views IS NOT NULL "
        + "ORDER BY p.timestamp DESC LIMIT 1), 0)")).isZero();
  }

  @Test
  void engagementActivityAndCalendarFeaturesFollowTheirDefinitions() {
    assertThat(scalar("SELECT count(*) FROM user_features WHERE abs(engagement_score - (page_views * 0.3 + "
        + "session_duration * 0.7)) > 1e-9")).isZero();
    assertThat(scalar("SELECT count(*) FROM user_features WHERE is_active_user <> (engagement_score > "
        + "(SELECT median(engagement_score) FROM user_features))")).isZero();
    assertThat(scalar("SELECT count(*) FROM user_features WHERE hour_of_day <> hour(timestamp) "
        + "OR day_of_week <> (isodow(timestamp) - 1) OR is_weekend <> (day_of_week IN (5, 6))")).isZero();
    assertThat(scalar("SELECT count(DISTINCT day_of_week) FROM user_features WHERE is_weekend")).isEqualTo(2);
  }

  @Test
  void transactionsCarryTheSeedsCalendarFeatures() {
    // computed here with java.time, independently of the SQL: hour, pandas' dayofweek (Monday = 0),
    // weekend = Saturday or Sunday
    CliRun r = CliRun.of("sql", project.toString(), "--format", "csv",
        "SELECT strftime(timestamp, '%Y-%m-%dT%H:%M:%S'), hour_of_day, day_of_week, is_weekend FROM transactions_hourly");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> rows = r.out().lines().skip(1).toList();
    assertThat(rows).hasSizeGreaterThan(1000);
    Set<Integer> days = new HashSet<>();
    for (String row : rows) {
      String[] f = row.split(",");
      LocalDateTime ts = LocalDateTime.parse(f[0]);
      int dayOfWeek = ts.getDayOfWeek().getValue() - 1;
      assertThat(Integer.parseInt(f[1])).as(row).isEqualTo(ts.getHour());
      assertThat(Integer.parseInt(f[2])).as(row).isEqualTo(dayOfWeek);
      assertThat(Boolean.parseBoolean(f[3])).as(row).isEqualTo(ts.getDayOfWeek() == DayOfWeek.SATURDAY
          || ts.getDayOfWeek() == DayOfWeek.SUNDAY);
      days.add(dayOfWeek);
    }
    assertThat(days).as("the data spans every weekday").hasSize(7);
  }

  @Test
  void priceCategoriesFollowTheBands() {
    assertThat(scalar("SELECT count(*) FROM product_features WHERE price_category IS DISTINCT FROM CASE "
        + "WHEN price > 0 AND price <= 50 THEN 'budget' WHEN price > 50 AND price <= 200 THEN 'mid-range' "
        + "WHEN price > 200 AND price <= 1000 THEN 'premium' END")).isZero();
    assertThat(scalar("SELECT count(DISTINCT price_category) FROM product_features")).isEqualTo(3);
  }

  @Test
  void sourcesAreValidatedWithTheirSuites() {
    String runId = CliRun.of("runs", project.toString()).out().lines().skip(2).findFirst().orElseThrow().split("\\s+")[0];
    CliRun detail = CliRun.of("runs", project.toString(), runId);
    assertThat(detail.out()).contains("user_behavior").contains("product_catalog").contains("passed");
  }

  private long scalar(String sql) {
    CliRun r = CliRun.of("sql", project.toString(), "--format", "csv", sql);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Long.parseLong(r.out().lines().skip(1).findFirst().orElseThrow().trim());
  }
}
