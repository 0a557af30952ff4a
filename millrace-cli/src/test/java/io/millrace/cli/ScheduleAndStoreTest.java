package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleAndStoreTest {
  @TempDir Path tmp;

  @Test
  void scheduleOnceRunsTheLatestDueIntervalWithoutCatchup() throws Exception {
    Path p = tmp.resolve("s");
    Files.createDirectories(p.resolve("models"));
    Files.writeString(p.resolve("millrace.yaml"), "name: sched\n"
        + "models: {ticks: {materialized: incremental}}\n"
        + "pipeline: {schedule: '@hourly', start_date: 2025-01-01, catchup: false, retries: 0}\n");
    Files.writeString(p.resolve("models/ticks.sql"),
        "select TIMESTAMP '${data_interval_start}' as interval_start, TIMESTAMP '${data_interval_end}' as interval_end");
    CliRun r = CliRun.of("schedule", p.toString(), "--once");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("success");
    CliRun rows = CliRun.of("sql", p.toString(), "--format", "csv",
        "select count(*), max(interval_end) - max(interval_start) = INTERVAL 1 HOUR, "
            + "max(interval_end) <= now()::TIMESTAMP, max(interval_end) > now()::TIMESTAMP - INTERVAL 2 HOUR from ticks");
    assertThat(rows.out().lines().skip(1).findFirst().orElseThrow()).isEqualTo("1,true,true,true");
    assertThat(CliRun.of("runs", p.toString()).out()).contains("schedule");
  }

  @Test
  @Tag("services")
  void runStoreOnPostgresqlRecordsTheRun() throws Exception {
    Path p = tmp.resolve("pg");
    Files.createDirectories(p.resolve("models"));
    Files.writeString(p.resolve("millrace.yaml"), "name: pg-store-" + System.nanoTime() + "\n"
        + "run_store: jdbc:postgresql://127.0.0.1:5432/test?user=postgres\n");
    Files.writeString(p.resolve("models/m.sql"), "select 42 as answer");
    CliRun run = CliRun.of("run", p.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String runId = run.out().lines().filter(l -> l.startsWith("Run ")).findFirst().orElseThrow().split(" ")[1];
    CliRun one = CliRun.of("runs", p.toString(), runId);
    assertThat(one.exitCode()).as(one.toString()).isZero();
    assertThat(one.out()).contains(runId).contains("m").contains("success");
    try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
         var s = c.prepareStatement("select count(*) from millrace_runs where run_id = ?")) {
      s.setString(1, runId);
      try (var rs = s.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
    }
  }
}
