package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 point 5: three {@code millrace schedule} processes (separate JVMs, as on three machines:
 * three copies of the project sharing its identity, one warehouse and one PostgreSQL run store)
 * catch up on 50 daily intervals; the one running an interval is killed with {@code kill -9}
 * mid-run. Every interval must end up run to success exactly once, the killed interval taken over
 * after its lease expired, and no two runs overlapping in time.
 */
@Tag("services")
class HighlyAvailableScheduleTest {
  private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final int INTERVALS = 50;
  private final String schema = "millrace_ha_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final List<Process> processes = new ArrayList<>();
  @TempDir Path tmp;

  @AfterEach
  void cleanUp() throws SQLException {
    processes.forEach(Process::destroyForcibly);
    sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  @Test
  void threeSchedulersOneKilledMidRunRunEachIntervalExactlyOnce() throws Exception {
    sql("CREATE SCHEMA " + schema);
    String store = PG + "&currentSchema=" + schema;
    String identity = UUID.randomUUID().toString();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    List<Path> copies = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      copies.add(project(tmp.resolve("node" + i), store, identity, today.minusDays(INTERVALS)));
    }
    long t0 = System.nanoTime();
    Map<Long, Process> byPid = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          "io.millrace.cli.Main",
          "schedule", copies.get(i).toString(), "--once", "--lease", "2s")
          .redirectErrorStream(true).redirectOutput(tmp.resolve("scheduler" + (i + 1) + ".log").toFile()).start();
      processes.add(p);
      byPid.put(p.pid(), p);
    }

    // Wait until a few intervals are done, then kill -9 whichever of our schedulers holds the next one.
    String[] victim = null;
    long firstDone = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (victim == null) {
      assertThat(System.nanoTime()).as("schedulers never got going:\n%s", logs()).isLessThan(deadline);
      try {
        long done = count("SELECT count(*) FROM millrace_leases WHERE state = 'DONE'");
        if (done > 0 && firstDone < 0) {
          firstDone = System.nanoTime() - t0;
          System.out.printf("first interval done at %.1f s%n", firstDone / 1e9);
        }
        if (done >= 10) {
          victim = heldLease();
        }
      } catch (SQLException e) {
        // the schedulers have not created the lease table yet
      }
      if (victim == null) {
        Thread.sleep(20);
      }
    }
    long pid = Long.parseLong(victim[0].split(":")[1]);
    assertThat(byPid).as("holder %s is one of ours", victim[0]).containsKey(pid);
    long killedAtMillis = System.currentTimeMillis();
    // SIGKILL, as kill -9 <pid> (without forking a kill process: the victim was chosen right after it
    // claimed an interval, and should still be running it)
    assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();
    byPid.get(pid).waitFor(10, TimeUnit.SECONDS);
    // the interval it held when it died (the one chosen, or the next if it had just finished that one)
    List<List<String>> held = rows("SELECT l.holder, l.interval_start, l.token, l.run_id, r.state FROM millrace_leases l "
        + "LEFT JOIN millrace_runs r ON r.run_id = l.run_id WHERE l.state = 'HELD' AND l.holder = '" + victim[0] + "'");
    assertThat(held).as("killed %s while it held an interval, not while it waited", victim[0]).hasSize(1);
    String[] killed = held.get(0).toArray(String[]::new);
    // RUNNING: killed mid-run, the interval must be run again; SUCCESS: it died between recording its
    // run and completing the lease, and the run must be adopted, not repeated
    boolean midRun = "RUNNING".equals(killed[4]);
    System.out.printf("killed %s at %.1f s, holding interval %s, its run %s %s%n", killed[0],
        (System.nanoTime() - t0) / 1e9, killed[1], killed[3], killed[4]);

    for (Process p : processes) {
      if (p.pid() != pid) {
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("scheduler %d finished:\n%s", p.pid(), logs()).isTrue();
        assertThat(p.exitValue()).as(logs()).isZero();
      }
    }

    System.out.printf("all done at %.1f s%n%s%n", (System.nanoTime() - t0) / 1e9, logs());
    // every interval completed once, successfully; only the killed one taken over (token 2)
    String leases = "FROM millrace_leases WHERE project_id = '" + identity + "'";
    assertThat(count("SELECT count(*) " + leases)).isEqualTo(INTERVALS);
    assertThat(count("SELECT count(*) " + leases + " AND state = 'DONE' AND outcome = 'SUCCESS'")).isEqualTo(INTERVALS);
    assertThat(rows("SELECT interval_start, token, previous_holder, taken_over " + leases + " AND token > 1"))
        .containsExactly(List.of(killed[1], "2", killed[0], "1"));
    assertThat(rows("SELECT holder " + leases + " AND interval_start = '" + killed[1] + "'").get(0).get(0))
        .isNotEqualTo(killed[0]);

    // run records: one success per interval; the killed run closed as abandoned; no two runs overlap
    List<List<String>> runs = rows("SELECT interval_start, state, started_at, ended_at, error FROM millrace_runs "
        + "WHERE trigger_kind = 'schedule' ORDER BY started_at, ended_at");
    assertThat(runs).filteredOn(r -> r.get(1).equals("SUCCESS")).extracting(r -> r.get(0))
        .doesNotHaveDuplicates().hasSize(INTERVALS);
    // (a run the victim had not yet recorded when it died leaves no record at all)
    assertThat(runs).filteredOn(r -> !r.get(1).equals("SUCCESS")).hasSizeLessThanOrEqualTo(1).allSatisfy(r -> {
      assertThat(r.get(1)).isEqualTo("FAILED");
      assertThat(r.get(4)).contains("abandoned").contains(killed[0]);
      assertThat(Long.parseLong(r.get(2))).isLessThan(killedAtMillis);
    });
    for (int i = 1; i < runs.size(); i++) {
      assertThat(Long.parseLong(runs.get(i).get(2))).as("run %s starts after %s ended", runs.get(i), runs.get(i - 1))
          .isGreaterThanOrEqualTo(Long.parseLong(runs.get(i - 1).get(3)));
    }
    List<List<String>> success = rows("SELECT r.run_id, r.started_at FROM millrace_runs r JOIN millrace_leases l "
        + "ON l.run_id = r.run_id WHERE l.interval_start = '" + killed[1] + "' AND r.state = 'SUCCESS'");
    assertThat(success).as("the killed interval's lease names its successful run").hasSize(1);
    if (midRun) {
      assertThat(success.get(0).get(0)).isNotEqualTo(killed[3]);
      assertThat(Long.parseLong(success.get(0).get(1))).as("run again after the kill").isGreaterThanOrEqualTo(killedAtMillis);
    } else {
      assertThat(success.get(0).get(0)).as("the dead scheduler's finished run adopted").isEqualTo(killed[3]);
      assertThat(logs()).contains("recorded, not run again");
    }
    assertThat(logs()).contains("taking over interval");

    // and the shared table holds each interval's rows once
    CliRun table = CliRun.of("sql", copies.get(0).toString(), "--format", "csv",
        "select count(*), count(distinct interval_start), sum(n) from d");
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out().lines().skip(1).findFirst().orElseThrow())
        .isEqualTo(INTERVALS + "," + INTERVALS + "," + INTERVALS * 200_000L);
  }

  private Path project(Path dir, String store, String identity, LocalDate start) throws IOException {
    Files.createDirectories(dir.resolve("models"));
    Files.createDirectories(dir.resolve(".millrace"));
    Files.writeString(dir.resolve(".millrace/project-id"), identity + "\n");
    Files.writeString(dir.resolve("millrace.yaml"), "name: ha\n"
        + "warehouse: " + tmp.resolve("shared-warehouse") + "\n"
        + "run_store: \"" + store + "\"\n"
        + "models: {d: {materialized: incremental}}\n"
        + "pipeline: {schedule: '@daily', start_date: " + start + ", catchup: true, retries: 0, threads: 1}\n");
    Files.writeString(dir.resolve("models/d.sql"), "select TIMESTAMP '${data_interval_start}' as interval_start, "
        + "count(*) as n from range(200000)");
    return dir;
  }

  /** holder, interval_start, token of a lease whose run is in progress, or null. */
  private String[] heldLease() throws SQLException {
    List<List<String>> r = rows("SELECT l.holder, l.interval_start, l.token FROM millrace_leases l JOIN millrace_runs r "
        + "ON r.run_id = l.run_id WHERE l.state = 'HELD' AND r.state = 'RUNNING'");
    return r.isEmpty() ? null : r.get(0).toArray(String[]::new);
  }

  private String logs() {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      try {
        b.append("--- scheduler ").append(i).append('\n').append(Files.readString(tmp.resolve("scheduler" + i + ".log")));
      } catch (IOException e) {
        b.append(e).append('\n');
      }
    }
    return b.toString();
  }

  private long count(String query) throws SQLException {
    return Long.parseLong(rows(query).get(0).get(0));
  }

  private List<List<String>> rows(String query) throws SQLException {
    return SqlRows.rows(PG + "&currentSchema=" + schema, query);
  }

  private static void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
