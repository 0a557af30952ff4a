package io.millrace.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.core.schedule.Interval;
import io.millrace.core.schedule.IntervalLeases;
import io.millrace.core.schedule.IntervalLeases.Acquired;
import io.millrace.core.schedule.IntervalLeases.Claim;
import io.millrace.core.schedule.IntervalLeases.Completed;
import io.millrace.core.schedule.IntervalLeases.Held;
import io.millrace.core.schedule.Lease;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The behaviour of interval leases every run-store backend must have; each backend's test extends this. */
abstract class IntervalLeasesContract {
  static final Interval I1 = new Interval(LocalDateTime.parse("2025-01-01T00:00"), LocalDateTime.parse("2025-01-02T00:00"));
  static final Interval I2 = new Interval(LocalDateTime.parse("2025-01-02T00:00"), LocalDateTime.parse("2025-01-03T00:00"));
  private final List<IntervalLeases> opened = java.util.Collections.synchronizedList(new ArrayList<>());

  /** The JDBC URL of an empty store of this backend, the same for every call within a test. */
  protected abstract String url();

  IntervalLeases scheduler(String holder, Duration lease) {
    return scheduler("project-1111", holder, lease);
  }

  IntervalLeases scheduler(String project, String holder, Duration lease) {
    IntervalLeases l = JdbcIntervalLeases.open(url(), project, "shop", holder, lease);
    opened.add(l);
    return l;
  }

  @AfterEach
  void closeAll() {
    opened.forEach(IntervalLeases::close);
  }

  static Lease acquired(Claim c) {
    assertThat(c).isInstanceOf(Acquired.class);
    return ((Acquired) c).lease();
  }

  @Test
  void onlyOneOfManyConcurrentClaimsAcquiresAnInterval() throws Exception {
    int n = 6;
    List<IntervalLeases> schedulers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      schedulers.add(scheduler("s" + i, Duration.ofSeconds(30)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      for (Interval interval : List.of(I1, I2)) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Claim>> claims = new ArrayList<>();
        for (IntervalLeases s : schedulers) {
          claims.add(pool.submit(() -> {
            go.await();
            return s.claim(interval);
          }));
        }
        go.countDown();
        List<Claim> got = new ArrayList<>();
        for (Future<Claim> f : claims) {
          got.add(f.get());
        }
        assertThat(got).filteredOn(c -> c instanceof Acquired).hasSize(1);
        Lease winner = ((Acquired) got.stream().filter(c -> c instanceof Acquired).findFirst().orElseThrow()).lease();
        assertThat(winner.token()).isEqualTo(1);
        assertThat(got).filteredOn(c -> c instanceof Held)
            .allSatisfy(c -> assertThat(((Held) c).holder()).isEqualTo(winner.holder())).hasSize(n - 1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anExpiredLeaseIsTakenOverWithAHigherTokenAndTheStaleHolderIsFencedOut() throws Exception {
    IntervalLeases a = scheduler("a", Duration.ofMillis(300));
    IntervalLeases b = scheduler("b", Duration.ofMillis(300));
    Lease la = acquired(a.claim(I1));
    a.attachRun(la, "run-a");
    Claim early = b.claim(I1);
    assertThat(early).isInstanceOf(Held.class);
    assertThat(((Held) early).holder()).isEqualTo("a");
    assertThat(((Held) early).expiresInMillis()).isBetween(1L, 300L);
    assertThat(a.renew(la)).isTrue();

    Thread.sleep(450);   // a stops renewing: its lease expires
    assertThat(la.valid()).isFalse();
    Lease lb = acquired(b.claim(I1));
    assertThat(lb.token()).isGreaterThan(la.token());
    assertThat(lb.previousHolder()).isEqualTo("a");
    assertThat(lb.previousRunId()).isEqualTo("run-a");
    assertThat(lb.previousExpired()).isTrue();
    // a wakes up: it may neither renew nor complete, nor release b's lease
    assertThat(a.renew(la)).isFalse();
    assertThat(a.complete(la, "SUCCESS", "run-a")).isFalse();
    a.release(la);
    assertThat(a.claim(I1)).isInstanceOf(Held.class);
    assertThat(b.complete(lb, "SUCCESS", "run-b")).isTrue();
    Claim done = a.claim(I1);
    assertThat(done).isEqualTo(new Completed("b", "SUCCESS", "run-b"));
  }

  @Test
  void aRerunTakesACompletedIntervalButNeverOneThatIsHeld() {
    IntervalLeases scheduler = scheduler("sched", Duration.ofSeconds(30));
    IntervalLeases backfill = scheduler("backfill", Duration.ofSeconds(30));
    Lease ls = acquired(scheduler.claim(I1));
    Claim refused = backfill.claimRerun(I1);
    assertThat(refused).isInstanceOf(Held.class);
    assertThat(((Held) refused).holder()).isEqualTo("sched");
    assertThat(scheduler.complete(ls, "SUCCESS", "run-s")).isTrue();
    // completed: a scheduler never claims it again, a rerun takes it (with a new token) and completes it
    assertThat(scheduler.claim(I1)).isInstanceOf(Completed.class);
    Lease lb = acquired(backfill.claimRerun(I1));
    assertThat(lb.token()).isGreaterThan(ls.token());
    assertThat(lb.previousExpired()).isFalse();
    assertThat(scheduler.claim(I1)).isInstanceOf(Held.class);
    assertThat(scheduler.claimRerun(I1)).isInstanceOf(Held.class);
    assertThat(backfill.complete(lb, "SUCCESS", "run-b")).isTrue();
    assertThat(scheduler.claim(I1)).isEqualTo(new Completed("backfill", "SUCCESS", "run-b"));
    // an interval nobody ran yet is taken as by a claim
    assertThat(acquired(backfill.claimRerun(I2)).token()).isEqualTo(1);
  }

  @Test
  void aRenewedLeaseDoesNotExpire() throws Exception {
    IntervalLeases a = scheduler("a", Duration.ofMillis(400));
    IntervalLeases b = scheduler("b", Duration.ofMillis(400));
    Lease la = acquired(a.claim(I1));
    for (int i = 0; i < 6; i++) {
      Thread.sleep(150);
      assertThat(a.renew(la)).isTrue();
      assertThat(b.claim(I1)).isInstanceOf(Held.class);
    }
  }

  @Test
  void aCompletedIntervalIsNeverClaimedAgain() throws Exception {
    IntervalLeases a = scheduler("a", Duration.ofMillis(200));
    Lease la = acquired(a.claim(I1));
    assertThat(a.complete(la, "SUCCESS", "r1")).isTrue();
    Thread.sleep(300);   // long past the lease's expiry
    IntervalLeases later = scheduler("later", Duration.ofMillis(200));
    assertThat(later.claim(I1)).isEqualTo(new Completed("a", "SUCCESS", "r1"));
    assertThat(a.claim(I1)).isInstanceOf(Completed.class);
    // a completion is final: a second one with the same token is refused
    assertThat(a.complete(la, "FAILED", "r1")).isFalse();
  }

  @Test
  void aReleasedIntervalCanBeTakenAtOnce() {
    IntervalLeases a = scheduler("a", Duration.ofSeconds(60));
    IntervalLeases b = scheduler("b", Duration.ofSeconds(60));
    Lease la = acquired(a.claim(I1));
    assertThat(b.claim(I1)).isInstanceOf(Held.class);
    a.release(la);
    Lease lb = acquired(b.claim(I1));
    assertThat(lb.token()).isEqualTo(2);
    assertThat(lb.previousHolder()).isEqualTo("a");
    assertThat(lb.previousExpired()).isFalse();
    assertThat(lb.previousRunId()).as("a released it: its run ended").isNull();
  }

  @Test
  void aFailedIntervalIsRetriedOnlyByASchedulerStartedAfterTheFailure() throws Exception {
    IntervalLeases early = scheduler("early", Duration.ofSeconds(60));
    IntervalLeases a = scheduler("a", Duration.ofSeconds(60));
    Lease la = acquired(a.claim(I1));
    assertThat(a.complete(la, "FAILED", "r1")).isTrue();
    assertThat(early.claim(I1)).isEqualTo(new Completed("a", "FAILED", "r1"));
    Thread.sleep(20);
    IntervalLeases restarted = scheduler("restarted", Duration.ofSeconds(60));
    Lease retry = acquired(restarted.claim(I1));
    assertThat(retry.previousHolder()).as("a retry, not a take-over").isNull();
    assertThat(restarted.complete(retry, "SUCCESS", "r2")).isTrue();
    assertThat(early.claim(I1)).isEqualTo(new Completed("restarted", "SUCCESS", "r2"));
  }

  @Test
  void projectsAndIntervalsHaveLeasesOfTheirOwn() {
    IntervalLeases a = scheduler("project-1111", "a", Duration.ofSeconds(60));
    IntervalLeases other = scheduler("project-2222", "other", Duration.ofSeconds(60));
    acquired(a.claim(I1));
    acquired(a.claim(I2));
    acquired(other.claim(I1));
  }

  @Test
  void schedulersOpeningANewStoreAtTheSameMomentDoNotCollide() throws Exception {
    // PostgreSQL's CREATE TABLE IF NOT EXISTS fails on a concurrent creation unless serialized
    int n = 6;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Claim>> opened = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String holder = "s" + i;
        opened.add(pool.submit(() -> {
          go.await();
          try (var store = JdbcRunStore.open(url(), "project-1111")) {
            IntervalLeases l = scheduler(holder, Duration.ofSeconds(30));
            return l.claim(I1);
          }
        }));
      }
      go.countDown();
      int acquired = 0;
      for (Future<Claim> f : opened) {
        acquired += f.get() instanceof Acquired ? 1 : 0;
      }
      assertThat(acquired).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void opensOnAStoreCreatedBeforeLeasesAndIdentitiesExisted() throws Exception {
    try (var c = java.sql.DriverManager.getConnection(url()); var s = c.createStatement()) {
      s.execute("CREATE TABLE millrace_runs (run_id VARCHAR(200) PRIMARY KEY, project TEXT NOT NULL, "
          + "trigger_kind TEXT, interval_start TEXT, interval_end TEXT, state TEXT NOT NULL, started_at BIGINT, "
          + "ended_at BIGINT, rows_in BIGINT, rows_out BIGINT, rejected BIGINT, quarantined BIGINT, error TEXT)");
      s.execute("INSERT INTO millrace_runs VALUES ('old', 'shop', 'schedule', NULL, NULL, 'SUCCESS', 1, 2, 0, 0, 0, 0, NULL)");
    }
    IntervalLeases a = scheduler("a", Duration.ofSeconds(60));
    assertThat(a.claim(I1)).isInstanceOf(Acquired.class);
    try (var store = JdbcRunStore.open(url())) {
      assertThat(store.runs("shop", 10)).extracting(r -> r.runId()).containsExactly("old");
    }
  }
}
