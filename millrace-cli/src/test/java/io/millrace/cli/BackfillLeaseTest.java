package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.core.schedule.Interval;
import io.millrace.core.schedule.IntervalLeases;
import io.millrace.core.store.JdbcIntervalLeases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 point 5 for {@code millrace backfill}: on a PostgreSQL run store it takes the interval
 * leases the schedulers take. A backfill is refused (exit code 3, naming the scheduler) an interval
 * a scheduler holds; with {@code --wait} it runs alongside a {@code millrace schedule} process (a
 * separate JVM) and no interval is ever run by both at once.
 */
@Tag("services")
class BackfillLeaseTest {
  private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final int INTERVALS = 6;
  private final String schema = "millrace_bfl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final String identity = UUID.randomUUID().toString();
  private final LocalDate start = LocalDate.now(ZoneOffset.UTC).minusDays(INTERVALS);
  @TempDir Path tmp;
  private Process scheduler;

  @BeforeEach
  void createSchema() throws SQLException {
    sql(PG, "CREATE SCHEMA " + schema);
  }

  @AfterEach
  void cleanUp() throws SQLException {
    if (scheduler != null) {
      scheduler.destroyForcibly();
    }
    sql(PG, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  private String store() {
    return PG + "&currentSchema=" + schema;
  }

  @Test
  void aBackfillIsRefusedAnIntervalASchedulerHolds() throws Exception {
    Path project = project(tmp.resolve("p"));
    Interval first = new Interval(start.atStartOfDay(), start.plusDays(1).atStartOfDay());
    // a scheduler (its lease in the shared store) is running the first interval
    try (JdbcIntervalLeases sched = JdbcIntervalLeases.open(store(), identity, "bfl", "worker-9:1234:abcd",
        Duration.ofMinutes(5))) {
      assertThat(sched.claim(first)).isInstanceOf(IntervalLeases.Acquired.class);
      CliRun refused = CliRun.of("backfill", project.toString(), "--from", start.toString(), "--to",
          start.plusDays(2).toString());
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
      assertThat(refused.err()).as(refused.toString()).contains("Cannot backfill interval [" + first.start() + ", "
          + first.end() + "): scheduler worker-9:1234:abcd is running it").contains("--wait");
      assertThat(count("SELECT count(*) FROM millrace_runs")).as("nothing ran").isZero();
    }
  }

  @Test
  void aBackfillWithWaitRunsAlongsideASchedulerAndNoIntervalRunsTwiceAtOnce() throws Exception {
    Path schedCopy = project(tmp.resolve("sched"));
    Path backfillCopy = project(tmp.resolve("backfill"));
    scheduler = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        "io.millrace.cli.Main", "schedule", schedCopy.toString(), "--once", "--lease", "2s")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("scheduler.log").toFile()).start();
    // start the backfill once the scheduler holds its first interval
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      assertThat(System.nanoTime()).as("the scheduler never claimed an interval:\n%s", log()).isLessThan(deadline);
      try {
        if (count("SELECT count(*) FROM millrace_leases") > 0) {
          break;
        }
      } catch (SQLException e) {
        // the lease table does not exist yet
      }
      Thread.sleep(20);
    }
    CliRun backfill = CliRun.of("backfill", backfillCopy.toString(), "--from", start.toString(), "--to",
        start.plusDays(INTERVALS).toString(), "--wait");
    assertThat(scheduler.waitFor(120, TimeUnit.SECONDS)).as(log()).isTrue();
    System.out.println(backfill + "\n--- scheduler\n" + log());
    assertThat(backfill.exitCode()).as(backfill.toString()).isZero();
    assertThat(scheduler.exitValue()).as(log()).isZero();
    assertThat(backfill.out()).contains("backfill: " + INTERVALS + " interval(s), 0 failed");

    // every interval: its lease done, and its runs (the scheduler's, the backfill's) one after the other
    assertThat(count("SELECT count(*) FROM millrace_leases WHERE state = 'DONE' AND outcome = 'SUCCESS'"))
        .isEqualTo(INTERVALS);
    List<List<String>> runs = rows("SELECT interval_start, trigger_kind, started_at, ended_at, state FROM millrace_runs "
        + "ORDER BY interval_start, started_at");
    assertThat(runs).filteredOn(r -> r.get(1).equals("backfill")).hasSize(INTERVALS)
        .allSatisfy(r -> assertThat(r.get(4)).isEqualTo("SUCCESS"));
    assertThat(runs).filteredOn(r -> r.get(1).equals("schedule")).as("the scheduler ran at least the one it held")
        .isNotEmpty();
    for (int i = 1; i < runs.size(); i++) {
      if (runs.get(i).get(0).equals(runs.get(i - 1).get(0))) {
        assertThat(Long.parseLong(runs.get(i).get(2))).as("run %s starts after %s ended", runs.get(i), runs.get(i - 1))
            .isGreaterThanOrEqualTo(Long.parseLong(runs.get(i - 1).get(3)));
      }
    }
    // each interval's rows once in the shared table (the incremental model replaces an interval's rows)
    CliRun table = CliRun.of("sql", backfillCopy.toString(), "--format", "csv",
        "select count(*), count(distinct interval_start) from d");
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out().lines().skip(1).findFirst().orElseThrow()).isEqualTo(INTERVALS + "," + INTERVALS);
  }

  private Path project(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("models"));
    Files.createDirectories(dir.resolve(".millrace"));
    Files.writeString(dir.resolve(".millrace/project-id"), identity + "\n");
    Files.writeString(dir.resolve("millrace.yaml"), "name: bfl\n"
        + "warehouse: " + tmp.resolve("shared-warehouse") + "\n"
        + "run_store: \"" + store() + "\"\n"
        + "models: {d: {materialized: incremental}}\n"
        + "pipeline: {schedule: '@daily', start_date: " + start + ", catchup: true, retries: 0, threads: 1}\n");
    Files.writeString(dir.resolve("models/d.sql"), "select TIMESTAMP '${data_interval_start}' as interval_start, "
        + "sum(hash(i)) as n from range(20000000) t(i)");
    return dir;
  }

  private String log() {
    try {
      return Files.readString(tmp.resolve("scheduler.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private long count(String query) throws SQLException {
    return Long.parseLong(rows(query).get(0).get(0));
  }

  private List<List<String>> rows(String query) throws SQLException {
    return SqlRows.rows(store(), query);
  }

  private static void sql(String url, String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
