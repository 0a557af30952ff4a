package io.millrace.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.run.RunState;
import io.millrace.core.schedule.SchedulerTest.FakeClock;
import io.millrace.core.store.JdbcIntervalLeases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedulers sharing a pipeline through leases in a SQLite run store (threads standing in for processes). */
class LeasedSchedulerTest {
  @TempDir Path dir;

  record Attempt(Interval interval, String holder, long startNanos, long endNanos) {}

  private JdbcIntervalLeases leases(String holder, Duration lease) {
    return JdbcIntervalLeases.open("jdbc:sqlite:" + dir.resolve("runs.db"), "project-1", "shop", holder, lease);
  }

  private static Scheduler scheduler(IntervalLeases leases, List<String> log) {
    FakeClock clock = new FakeClock(LocalDateTime.parse("2025-01-01T12:30"));
    return new Scheduler(Schedules.parse("@hourly"), LocalDateTime.parse("2025-01-01T00:00"), true, null, clock,
        Scheduler.Sleeper.system()).leased(leases, m -> log.add(leases.holder() + ": " + m));
  }

  private void sql(String statement) {
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("runs.db"));
         var st = c.createStatement()) {
      st.execute(statement);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void work(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void threeSchedulersRunEachDueIntervalOnceAndNeverTwoAtATime() throws Exception {
    List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<JdbcIntervalLeases> all = new ArrayList<>();
    try {
      List<Future<List<Interval>>> done = new ArrayList<>();
      for (String name : List.of("s1", "s2", "s3")) {
        JdbcIntervalLeases l = leases(name, Duration.ofSeconds(5));
        all.add(l);
        Scheduler s = scheduler(l, log);
        done.add(pool.submit(() -> s.runDueLeased((interval, lease) -> {
          assertThat(lease.holder()).isEqualTo(name);
          long t0 = System.nanoTime();
          work(15);
          attempts.add(new Attempt(interval, name, t0, System.nanoTime()));
          return RunState.SUCCESS;
        })));
      }
      for (Future<List<Interval>> f : done) {
        assertThat(f.get()).hasSize(12);   // 00:00 to 12:00, all seen as due by each
      }
    } finally {
      pool.shutdownNow();
      all.forEach(JdbcIntervalLeases::close);
    }
    assertThat(attempts).extracting(Attempt::interval).doesNotHaveDuplicates().hasSize(12);
    List<Attempt> byStart = new ArrayList<>(attempts);
    byStart.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
    for (int i = 1; i < byStart.size(); i++) {
      assertThat(byStart.get(i).startNanos()).as("no overlap with %s", byStart.get(i - 1))
          .isGreaterThan(byStart.get(i - 1).endNanos());
      assertThat(byStart.get(i).interval().start()).as("oldest first").isAfter(byStart.get(i - 1).interval().start());
    }
  }

  @Test
  void aRunLongerThanTheLeaseKeepsItByHeartbeat() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger runs = new AtomicInteger();
    try (JdbcIntervalLeases a = leases("a", Duration.ofMillis(600)); JdbcIntervalLeases b = leases("b", Duration.ofMillis(600))) {
      Scheduler sa = scheduler(a, log);
      Scheduler sb = scheduler(b, log);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        java.util.concurrent.CountDownLatch aRuns = new java.util.concurrent.CountDownLatch(1);
        Future<?> fa = pool.submit(() -> sa.runDueLeased((interval, lease) -> {
          runs.incrementAndGet();
          aRuns.countDown();
          work(interval.start().getHour() == 0 ? 2000 : 0);   // over three lease periods
          assertThat(lease.valid()).isTrue();
          return RunState.SUCCESS;
        }));
        aRuns.await();
        Future<?> fb = pool.submit(() -> sb.runDueLeased((interval, lease) -> {
          runs.incrementAndGet();
          return RunState.SUCCESS;
        }));
        fa.get();
        fb.get();
      } finally {
        pool.shutdownNow();
      }
    }
    assertThat(runs.get()).isEqualTo(12);
    assertThat(log).noneMatch(m -> m.contains("taking over") || m.contains("lost"));
    assertThat(log).anyMatch(m -> m.startsWith("b: interval [2025-01-01T00:00, 2025-01-01T01:00) is being run by a"));
  }

  @Test
  void aStalledHolderIsTakenOverAndItsOutcomeIsNotRecorded() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    List<String> ranFirst = Collections.synchronizedList(new ArrayList<>());
    Interval first = new Interval(LocalDateTime.parse("2025-01-01T00:00"), LocalDateTime.parse("2025-01-01T01:00"));
    try (JdbcIntervalLeases a = leases("a", Duration.ofMillis(300)); JdbcIntervalLeases b = leases("b", Duration.ofMillis(300))) {
      // a claims the first interval and stalls without renewing (a GC pause, a network partition)
      Lease stale = ((IntervalLeases.Acquired) a.claim(first)).lease();
      Scheduler sb = scheduler(b, log);
      sb.runDueLeased((interval, lease) -> {
        if (interval.equals(first)) {
          ranFirst.add(lease.holder() + " token " + lease.token());
        }
        return RunState.SUCCESS;
      });
      assertThat(ranFirst).containsExactly("b token 2");
      assertThat(log).anyMatch(m -> m.contains("taking over interval " + first + " from a"));
      // a resumes: its lease is refused, so its result is not the interval's
      assertThat(a.complete(stale, "FAILED", "run-a")).isFalse();
      assertThat(b.claim(first)).isInstanceOf(IntervalLeases.Completed.class)
          .extracting(c -> ((IntervalLeases.Completed) c).holder()).isEqualTo("b");
    }
  }

  @Test
  void aHolderThatLostItsLeaseGivesTheIntervalUpAndMovesOn() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    List<Interval> ran = new ArrayList<>();
    try (JdbcIntervalLeases a = leases("a", Duration.ofMillis(200)); JdbcIntervalLeases b = leases("b", Duration.ofMillis(200))) {
      Scheduler sa = scheduler(a, log);
      sa.runDueLeased((interval, lease) -> {
        if (ran.isEmpty()) {
          // a is cut off from the store long enough for its lease to expire (simulated by expiring
          // it in the store), b takes the interval over, a's next renewal is refused and its next
          // fencing check fails
          sql("UPDATE millrace_leases SET expires_at = 0");
          assertThat(b.claim(interval)).isInstanceOf(IntervalLeases.Acquired.class);
          work(250);
          assertThat(lease.valid()).isFalse();
          ran.add(interval);
          lease.check();
        }
        ran.add(interval);
        return RunState.SUCCESS;
      });
      assertThat(log).anyMatch(m -> m.contains("gave up interval [2025-01-01T00:00, 2025-01-01T01:00)"));
      assertThat(ran).hasSize(12);
    }
  }

  @Test
  void aTakeOverFindsTheDeadHoldersRunWhenItHadFinishedAndClosesItWhenItHadNot() throws Exception {
    Interval first = new Interval(LocalDateTime.parse("2025-01-01T00:00"), LocalDateTime.parse("2025-01-01T01:00"));
    Interval second = new Interval(LocalDateTime.parse("2025-01-01T01:00"), LocalDateTime.parse("2025-01-01T02:00"));
    String url = "jdbc:sqlite:" + dir.resolve("runs.db");
    try (var store = io.millrace.core.store.JdbcRunStore.open(url, "project-1");
         JdbcIntervalLeases a = leases("a", Duration.ofMillis(200)); JdbcIntervalLeases b = leases("b", Duration.ofMillis(200))) {
      // a finished its run of the first interval and died before completing the lease;
      // it died in the middle of its run of the second
      Lease l1 = ((IntervalLeases.Acquired) a.claim(first)).lease();
      a.attachRun(l1, "run-done");
      store.saveRun(run("run-done", first, io.millrace.api.run.RunState.SUCCESS));
      Lease l2 = ((IntervalLeases.Acquired) a.claim(second)).lease();
      a.attachRun(l2, "run-cut");
      store.saveRun(run("run-cut", second, io.millrace.api.run.RunState.RUNNING));
      Thread.sleep(300);
      Lease t1 = ((IntervalLeases.Acquired) b.claim(first)).lease();
      Lease t2 = ((IntervalLeases.Acquired) b.claim(second)).lease();
      assertThat(SchedulerInstance.finishedBeforeTakeOver(store, t1)).get()
          .extracting(io.millrace.api.run.RunRecord::runId).isEqualTo("run-done");
      assertThat(SchedulerInstance.finishedBeforeTakeOver(store, t2)).isEmpty();
      SchedulerInstance.closeAbandoned(store, "shop", t2, "b");
      assertThat(store.run("run-cut")).get().satisfies(r -> {
        assertThat(r.state()).isEqualTo(io.millrace.api.run.RunState.FAILED);
        assertThat(r.error()).contains("abandoned").contains("scheduler a").contains("taken over by b");
      });
      assertThat(store.run("run-done").orElseThrow().state()).isEqualTo(io.millrace.api.run.RunState.SUCCESS);
    }
  }

  private static io.millrace.api.run.RunRecord run(String id, Interval i, io.millrace.api.run.RunState state) {
    java.time.Instant t = java.time.Instant.parse("2025-01-02T00:00:00Z");
    return new io.millrace.api.run.RunRecord(id, "shop", "schedule", i.start() + ":00", i.end() + ":00", state, t,
        state == io.millrace.api.run.RunState.RUNNING ? null : t.plusSeconds(1), 0, 0, 0, 0, null);
  }
}
