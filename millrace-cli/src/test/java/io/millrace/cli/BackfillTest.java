package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backfill runs each schedule interval once and re-running an interval never duplicates its rows. */
class BackfillTest {
  @Test
  void backfillingTheSameIntervalsTwiceGivesTheSameTable(@TempDir Path dir) throws Exception {
    Path project = CliRun.copyExample("recsys", dir);
    String[] args = {"backfill", project.toString(), "--from", "2025-01-01T00:00", "--to", "2025-01-01T03:00",
        "--var", "users=100", "--var", "transactions=3000"};
    CliRun first = CliRun.of(args);
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out()).contains("[3/3]").contains("3 interval(s), 0 failed");
    long expected = scalar(project, "SELECT count(*) FROM transaction_history "
        + "WHERE timestamp >= TIMESTAMP '2025-01-01 00:00:00' AND timestamp < TIMESTAMP '2025-01-01 03:00:00'");
    assertThat(expected).isPositive();
    assertThat(scalar(project, "SELECT count(*) FROM transactions_hourly")).isEqualTo(expected);
    assertThat(scalar(project, "SELECT count(DISTINCT hour) FROM transactions_hourly")).isEqualTo(3);

    CliRun again = CliRun.of(args);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(scalar(project, "SELECT count(*) FROM transactions_hourly")).isEqualTo(expected);
    assertThat(scalar(project, "SELECT count(*) - count(DISTINCT transaction_id) FROM transactions_hourly")).isZero();
    CliRun runs = CliRun.of("runs", project.toString());
    assertThat(runs.out().lines().filter(l -> l.contains("backfill")).count()).isEqualTo(6);
  }

  @Test
  void fromAndToAcceptTheZoneFormThatAsOfAccepts(@TempDir Path dir) throws Exception {
    Path project = CliRun.copyExample("recsys", dir);
    CliRun r = CliRun.of("backfill", project.toString(), "--from", "2025-01-01T00:00:00Z", "--to",
        "2025-01-01T03:00:00+01:00", "--var", "users=50", "--var", "transactions=200");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("[2/2] [2025-01-01T01:00,").contains("2 interval(s), 0 failed");
    CliRun bad = CliRun.of("backfill", project.toString(), "--from", "2025-01-01T00:00:00Q", "--to", "2025-01-02");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("Cannot read --from '2025-01-01T00:00:00Q'");
  }

  private static long scalar(Path project, String sql) {
    CliRun r = CliRun.of("sql", project.toString(), "--format", "csv", sql);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Long.parseLong(r.out().lines().skip(1).findFirst().orElseThrow().trim());
  }
}
