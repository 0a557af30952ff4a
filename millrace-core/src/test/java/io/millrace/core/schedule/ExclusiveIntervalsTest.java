package io.millrace.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.run.RunState;
import io.millrace.core.schedule.SchedulerTest.FakeClock;
import io.millrace.core.store.JdbcIntervalLeases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A scheduler and a backfill ({@link ExclusiveIntervals}) of one pipeline on one PostgreSQL run store
 * (threads standing in for processes, each with its own connection): no interval is ever run by
 * both at once; a backfill that does not wait is refused an interval the scheduler is running.
 */
@Tag("services")
class ExclusiveIntervalsTest {
  private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private final String schema = "millrace_excl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final List<JdbcIntervalLeases> opened = new ArrayList<>();

  record Attempt(Interval interval, String who, long startNanos, long endNanos) {}

  @BeforeEach
  void createSchema() throws SQLException {
    sql(PG, "CREATE SCHEMA " + schema);
  }

  @AfterEach
  void dropSchema() throws SQLException {
    opened.forEach(JdbcIntervalLeases::close);
    sql(PG, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  private String store() {
    return PG + "&currentSchema=" + schema;
  }

  private JdbcIntervalLeases leases(String holder) {
    JdbcIntervalLeases l = JdbcIntervalLeases.open(store(), "project-1", "shop", holder, Duration.ofSeconds(1));
    opened.add(l);
    return l;
  }

  private static Scheduler scheduler(IntervalLeases leases, List<String> log) {
    FakeClock clock = new FakeClock(LocalDateTime.parse("2025-01-01T06:30"));
    return new Scheduler(Schedules.parse("@hourly"), LocalDateTime.parse("2025-01-01T00:00"), true, null, clock,
        Scheduler.Sleeper.system()).leased(leases, m -> log.add("scheduler: " + m));
  }

  private static List<Interval> hours(int n) {
    List<Interval> out = new ArrayList<>();
    for (int h = 0; h < n; h++) {
      LocalDateTime start = LocalDateTime.parse("2025-01-01T00:00").plusHours(h);
      out.add(new Interval(start, start.plusHours(1)));
    }
    return out;
  }

  private static Scheduler.LeasedRun work(String who, List<Attempt> attempts) {
    return (interval, lease) -> {
      lease.check();
      long t0 = System.nanoTime();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      attempts.add(new Attempt(interval, who, t0, System.nanoTime()));
      return RunState.SUCCESS;
    };
  }

  @Test
  void aBackfillWaitsForTheSchedulerAndNeverRunsAnIntervalAtTheSameTime() throws Exception {
    List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Scheduler s = scheduler(leases("sched"), log);
      ExclusiveIntervals backfill = new ExclusiveIntervals(leases("backfill"), true, m -> log.add("backfill: " + m),
          Scheduler.Sleeper.system());
      CountDownLatch schedulerStarted = new CountDownLatch(1);
      Scheduler.LeasedRun schedulerWork = work("scheduler", attempts);
      Future<List<Interval>> scheduled = pool.submit(() -> s.runDueLeased((interval, lease) -> {
        schedulerStarted.countDown();
        return schedulerWork.run(interval, lease);
      }));
      assertThat(schedulerStarted.await(30, TimeUnit.SECONDS)).isTrue();
      Future<List<RunState>> backfilled = pool.submit(() -> {
        List<RunState> states = new ArrayList<>();
        for (Interval i : hours(6)) {
          states.add(backfill.run(i, "backfill", work("backfill", attempts)));
        }
        return states;
      });
      assertThat(scheduled.get(60, TimeUnit.SECONDS)).hasSize(6);
      assertThat(backfilled.get(60, TimeUnit.SECONDS)).containsOnly(RunState.SUCCESS).hasSize(6);
    } finally {
      pool.shutdownNow();
    }
    System.out.println(String.join("\n", log));
    // the backfill ran every interval, the scheduler those it claimed before the backfill completed
    // them (at least the first, which it held when the backfill started)
    assertThat(attempts).filteredOn(a -> a.who().equals("backfill")).extracting(Attempt::interval)
        .containsExactlyElementsOf(hours(6));
    assertThat(attempts).filteredOn(a -> a.who().equals("scheduler")).extracting(Attempt::interval)
        .contains(hours(1).get(0)).doesNotHaveDuplicates();
    assertThat(log).anyMatch(m -> m.startsWith("backfill: interval " + hours(1).get(0) + " is being run by sched; waiting"));
    for (Attempt a : attempts) {
      for (Attempt b : attempts) {
        if (a != b && a.interval().equals(b.interval())) {
          assertThat(a.endNanos() < b.startNanos() || b.endNanos() < a.startNanos())
              .as("%s and %s overlap", a, b).isTrue();
        }
      }
    }
    assertThat(count("SELECT count(*) FROM millrace_leases WHERE state = 'DONE' AND outcome = 'SUCCESS'")).isEqualTo(6);
  }

  @Test
  void aBackfillThatDoesNotWaitIsRefusedTheIntervalASchedulerRuns() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    try {
      Scheduler s = scheduler(leases("sched"), log);
      Future<?> scheduled = pool.submit(() -> s.runDueLeased((interval, lease) -> {
        running.countDown();
        try {
          finish.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return RunState.SUCCESS;
      }));
      assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
      ExclusiveIntervals backfill = new ExclusiveIntervals(leases("backfill"), false, log::add, Scheduler.Sleeper.system());
      AtomicBoolean ran = new AtomicBoolean();
      assertThatThrownBy(() -> backfill.run(hours(1).get(0), "backfill", (i, l) -> {
        ran.set(true);
        return RunState.SUCCESS;
      })).isInstanceOf(MillraceException.class)
          .hasMessageStartingWith("Cannot backfill interval " + hours(1).get(0) + ": scheduler sched is running it")
          .hasMessageContaining("--wait")
          .satisfies(e -> assertThat(((MillraceException) e).kind()).isEqualTo(ErrorKind.EXTERNAL));
      assertThat(ran).as("nothing ran").isFalse();
      // an interval the scheduler completed is run again by the backfill
      finish.countDown();
      scheduled.get(60, TimeUnit.SECONDS);
      assertThat(backfill.run(hours(1).get(0), "backfill", (i, l) -> {
        ran.set(true);
        return RunState.FAILED;
      })).isEqualTo(RunState.FAILED);
      assertThat(ran).isTrue();
    } finally {
      finish.countDown();
      pool.shutdownNow();
    }
    assertThat(count("SELECT count(*) FROM millrace_leases WHERE holder = 'backfill' AND outcome = 'FAILED' "
        + "AND token = 2")).isEqualTo(1);
  }

  private long count(String query) throws SQLException {
    try (Connection c = DriverManager.getConnection(store()); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void sql(String url, String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
