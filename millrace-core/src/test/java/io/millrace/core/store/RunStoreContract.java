package io.millrace.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.run.AuditRecord;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.MetricPoint;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.NodeState;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.RunStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every RunStore backend must have; each backend's test extends this. */
abstract class RunStoreContract {
  protected RunStore store;
  private static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

  protected abstract RunStore newStore();

  /** A store on the same database as {@link #newStore}, scoped to one project identity. */
  protected abstract RunStore newStore(String projectId);

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static RunRecord run(String id, int minute, RunState state) {
    return new RunRecord(id, "shop", "manual", "2025-01-01T00:00:00", "2025-01-02T00:00:00", state,
        T0.plusSeconds(60L * minute), state == RunState.RUNNING ? null : T0.plusSeconds(60L * minute + 30),
        100, 90, 3, 7, state == RunState.FAILED ? "boom" : null);
  }

  static NodeAttempt attempt(String run, String node, int n, NodeState state, long startMs, long durationMs) {
    return new NodeAttempt(run, node, n, state, T0.plusMillis(startMs), T0.plusMillis(startMs + durationMs),
        10, 9, 1, 0, 42, state == NodeState.FAILED ? "bad" : null);
  }

  @Test
  void keepsTwoProjectsWithTheSameNameApartByIdentity() {
    try (RunStore a = newStore("11111111-aaaa"); RunStore b = newStore("22222222-bbbb")) {
      a.saveRun(run("ra", 0, RunState.SUCCESS));
      a.saveAttempt(attempt("ra", "t", 1, NodeState.SUCCESS, 0, 500));
      a.saveMetrics(List.of(new MetricPoint("ra", "t", "", "row_count", 100, T0)));
      b.saveRun(run("rb", 1, RunState.FAILED));
      b.saveMetrics(List.of(new MetricPoint("rb", "t", "", "row_count", 5, T0.plusSeconds(60))));
      // both are named "shop": each sees only its own runs, history and durations
      assertThat(a.runs("shop", 10)).extracting(RunRecord::runId).containsExactly("ra");
      assertThat(b.runs("shop", 10)).extracting(RunRecord::runId).containsExactly("rb");
      assertThat(b.run("ra")).isEmpty();
      assertThat(a.values("t", "", "row_count", 10)).containsExactly(100.0);
      assertThat(b.values("t", "", "row_count", 10)).containsExactly(5.0);
      assertThat(b.metrics("t")).extracting(MetricPoint::runId).containsExactly("rb");
      assertThat(a.medianDurations("shop", 10)).containsEntry("t", 500L);
      assertThat(b.medianDurations("shop", 10)).isEmpty();
    }
  }

  @Test
  void closesAbandonedRunsAndTheirRunningNodes() {
    try (RunStore a = newStore("11111111-aaaa")) {
      a.saveRun(run("dead", 0, RunState.RUNNING));
      a.saveAttempt(attempt("dead", "t", 1, NodeState.SUCCESS, 0, 10));
      a.saveAttempt(new NodeAttempt("dead", "u", 1, NodeState.RUNNING, T0, null, 0, 0, 0, 0, 0, null));
      a.saveRun(run("done", 1, RunState.SUCCESS));
      RunRecord live = new RunRecord("live", "shop", "stream", null, null, RunState.RUNNING, T0, null, 0, 0, 0, 0, null);
      a.saveRun(live);   // a stream job runs outside the run lock: not abandoned by a dead batch run
      assertThat(AbandonedRuns.close(a, "shop", "abandoned: pid 9")).containsExactly("dead");
      assertThat(a.run("live")).contains(live);
      RunRecord dead = a.run("dead").orElseThrow();
      assertThat(dead.state()).isEqualTo(RunState.FAILED);
      assertThat(dead.error()).isEqualTo("abandoned: pid 9");
      assertThat(dead.endedAt()).isNotNull();
      assertThat(a.attempts("dead")).extracting(NodeAttempt::node, NodeAttempt::state)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("t", NodeState.SUCCESS),
              org.assertj.core.groups.Tuple.tuple("u", NodeState.FAILED));
      assertThat(a.run("done").orElseThrow().state()).isEqualTo(RunState.SUCCESS);
    }
  }

  @Test
  void pagesThroughRunsByKeysetAndFiltersByState() {
    for (int i = 0; i < 25; i++) {
      store.saveRun(run("r" + (100 + i), i, i % 5 == 0 ? RunState.FAILED : RunState.SUCCESS));
    }
    store.saveRun(run("r200", 3, RunState.SUCCESS));   // same start as r103: ties go by run id
    List<String> seen = new ArrayList<>();
    String after = null;
    for (List<RunRecord> page; !(page = store.runs("shop", null, after, 7)).isEmpty(); ) {
      page.forEach(r -> seen.add(r.runId()));
      after = page.get(page.size() - 1).runId();
    }
    assertThat(seen).isEqualTo(store.runs("shop", 100).stream().map(RunRecord::runId).toList()).hasSize(26)
        .doesNotHaveDuplicates();
    assertThat(seen.indexOf("r200")).isEqualTo(seen.indexOf("r103") - 1);
    assertThat(store.runs("shop", RunState.FAILED, null, 10)).extracting(RunRecord::runId)
        .containsExactly("r120", "r115", "r110", "r105", "r100");
    assertThat(store.runs("shop", RunState.FAILED, "r115", 2)).extracting(RunRecord::runId)
        .containsExactly("r110", "r105");
    assertThat(store.countRuns("shop", null)).isEqualTo(26);
    assertThat(store.countRuns("shop", RunState.FAILED)).isEqualTo(5);
    assertThat(store.countRuns("other", null)).isZero();
  }

  @Test
  void keepsAnAuditOfActionsMostRecentFirst() {
    store.saveAudit(new AuditRecord(T0, "shop", "loopback 127.0.0.1", "trigger", "", "accepted: run r1"));
    store.saveAudit(new AuditRecord(T0.plusSeconds(5), "shop", "token 10.0.0.2", "cancel", "r1", "refused: not running"));
    store.saveAudit(new AuditRecord(T0.plusSeconds(9), "other", "token", "trigger", null, "accepted"));
    assertThat(store.audit("shop", 10)).containsExactly(
        new AuditRecord(T0.plusSeconds(5), "shop", "token 10.0.0.2", "cancel", "r1", "refused: not running"),
        new AuditRecord(T0, "shop", "loopback 127.0.0.1", "trigger", "", "accepted: run r1"));
    assertThat(store.audit("shop", 1)).hasSize(1);
  }

  @Test
  void savesARunAndUpsertsItById() {
    store.saveRun(run("r1", 0, RunState.RUNNING));
    assertThat(store.run("r1")).contains(run("r1", 0, RunState.RUNNING));
    store.saveRun(run("r1", 0, RunState.FAILED));
    assertThat(store.run("r1")).contains(run("r1", 0, RunState.FAILED));
    assertThat(store.runs("shop", 10)).hasSize(1);
    assertThat(store.run("nope")).isEmpty();
  }

  @Test
  void listsRunsMostRecentFirstUpToTheLimit() {
    store.saveRun(run("r1", 0, RunState.SUCCESS));
    store.saveRun(run("r3", 2, RunState.SUCCESS));
    store.saveRun(run("r2", 1, RunState.FAILED));
    assertThat(store.runs("shop", 10)).extracting(RunRecord::runId).containsExactly("r3", "r2", "r1");
    assertThat(store.runs("shop", 2)).extracting(RunRecord::runId).containsExactly("r3", "r2");
    store.saveRun(new RunRecord("x1", "other", "manual", null, null, RunState.SUCCESS, T0.plusSeconds(999), T0.plusSeconds(1000),
        0, 0, 0, 0, null));
    assertThat(store.runs("shop", 10)).extracting(RunRecord::runId).containsExactly("r3", "r2", "r1");
    assertThat(store.runs("other", 10)).extracting(RunRecord::runId).containsExactly("x1");
  }

  @Test
  void upsertsAttemptsByRunNodeAndAttemptInStartOrder() {
    store.saveAttempt(attempt("r1", "b", 1, NodeState.RUNNING, 500, 0));
    store.saveAttempt(attempt("r1", "a", 1, NodeState.FAILED, 0, 100));
    store.saveAttempt(attempt("r1", "a", 2, NodeState.SUCCESS, 200, 100));
    store.saveAttempt(attempt("r1", "b", 1, NodeState.SUCCESS, 500, 50));
    NodeAttempt never = new NodeAttempt("r1", "c", 1, NodeState.UPSTREAM_FAILED, null, null, 0, 0, 0, 0, 0, null);
    store.saveAttempt(never);
    store.saveAttempt(attempt("r2", "a", 1, NodeState.SUCCESS, 0, 1));
    List<NodeAttempt> attempts = store.attempts("r1");
    assertThat(attempts).containsExactly(attempt("r1", "a", 1, NodeState.FAILED, 0, 100),
        attempt("r1", "a", 2, NodeState.SUCCESS, 200, 100), attempt("r1", "b", 1, NodeState.SUCCESS, 500, 50), never);
    assertThat(attempts.get(2).durationMillis()).isEqualTo(50);
  }

  @Test
  void upsertsChecksByRunTableAndSuite() {
    store.saveCheck(new CheckRecord("r1", "sales", "s", false, 90.0, 50.0, "{\"a\":1}"));
    store.saveCheck(new CheckRecord("r1", "sales", "s", true, 100.0, 100.0, "{}"));
    store.saveCheck(new CheckRecord("r1", "orders", "s", true, 99.5, 100.0, "{}"));
    assertThat(store.checks("r1")).containsExactly(new CheckRecord("r1", "orders", "s", true, 99.5, 100.0, "{}"),
        new CheckRecord("r1", "sales", "s", true, 100.0, 100.0, "{}"));
    assertThat(store.checks("r2")).isEmpty();
  }

  @Test
  void keepsMetricHistoryOldestFirst() {
    List<MetricPoint> points = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      points.add(new MetricPoint("r" + i, "sales", "price", "mean", 10 + i, T0.plusSeconds(i)));
      points.add(new MetricPoint("r" + i, "sales", "", "row_count", 100 * i, T0.plusSeconds(i)));
    }
    store.saveMetrics(points);
    store.saveMetrics(List.of(new MetricPoint("r4", "sales", "price", "mean", 99, T0.plusSeconds(4))));
    assertThat(store.values("sales", "price", "mean", 3)).containsExactly(12.0, 13.0, 99.0);
    assertThat(store.values("sales", "", "row_count", 10)).containsExactly(0.0, 100.0, 200.0, 300.0, 400.0);
    assertThat(store.values("sales", "qty", "mean", 3)).isEmpty();
    // same time and run: table-level metrics (column "") come first
    assertThat(store.metrics("sales")).hasSize(10).first().isEqualTo(points.get(1));
  }

  @Test
  void mediansComeFromSuccessfulAttemptsOfTheLatestRuns() {
    store.saveRun(run("old", 0, RunState.SUCCESS));
    store.saveAttempt(attempt("old", "a", 1, NodeState.SUCCESS, 0, 100_000));
    for (int i = 1; i <= 3; i++) {
      store.saveRun(run("r" + i, i, RunState.SUCCESS));
      store.saveAttempt(attempt("r" + i, "a", 1, NodeState.FAILED, 0, 999_999));
      store.saveAttempt(attempt("r" + i, "a", 2, NodeState.SUCCESS, 0, 100L * i));
      store.saveAttempt(attempt("r" + i, "b", 1, NodeState.SUCCESS, 0, 10L * i + 1));
    }
    assertThat(store.medianDurations("shop", 3)).containsOnly(java.util.Map.entry("a", 200L), java.util.Map.entry("b", 21L));
    assertThat(store.medianDurations("shop", 4)).containsEntry("a", 250L);
    assertThat(store.medianDurations("other", 4)).isEmpty();
  }

  @Test
  void acceptsConcurrentWritesFromManyThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            store.saveAttempt(attempt("r1", "n" + thread, i + 1, NodeState.SUCCESS, i, 1));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(store.attempts("r1")).hasSize(200);
  }
}
