package io.millrace.core.pipeline;

import static io.millrace.api.project.Materialization.INCREMENTAL;
import static io.millrace.api.project.Materialization.TABLE;
import static io.millrace.api.project.Materialization.VIEW;
import static io.millrace.core.pipeline.Fixture.model;
import static io.millrace.core.pipeline.Fixture.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.RetryPolicy;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.NodeState;
import io.millrace.api.run.RunState;
import io.millrace.core.plan.Plan;
import io.millrace.core.schedule.Interval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class PipelineRunnerTest {
  private static final List<Column> SALES = List.of(new Column("id", LogicalType.INTEGER),
      new Column("region", LogicalType.VARCHAR), new Column("amount", LogicalType.DOUBLE));

  @TempDir
  Path dir;
  Fixture fx;
  Path csv;

  @BeforeEach
  void setUp() throws Exception {
    fx = new Fixture(dir);
    csv = dir.resolve("sales.csv");
    Files.writeString(csv, "id,region,amount\n1,north,10.5\n2,south,20\nthree,north,5\n4,north,4.5\n");
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private Plan salesPlan(String byRegionSql) {
    return fx.plan(source("sales", csv, SALES),
        model("by_region", byRegionSql, TABLE, List.of(), "sales"),
        model("north", "SELECT * FROM by_region WHERE region = 'north'", VIEW, List.of(), "by_region"),
        model("north_total", "SELECT sum(total) AS total FROM north", TABLE, List.of(), "north"),
        Fixture.export(0, new ExportSpec("by_region", ExportSpec.Format.CSV, dir.resolve("out/by_region.csv").toString(),
            null, null)));
  }

  private static final String BY_REGION =
      "SELECT region, sum(amount) AS total, count(*) AS n FROM sales GROUP BY region";

  @Test
  void loadsSourcesKeepsRejectsAndCommitsModelsViewsAndExports() throws Exception {
    List<NodeEvent> events = Collections.synchronizedList(new ArrayList<>());
    RunSummary s = fx.runner().run(salesPlan(BY_REGION), RunOptions.manual(), events::add);

    assertThat(s.succeeded()).isTrue();
    assertThat(s.exitCode()).isZero();
    NodeResult sales = s.node("sales");
    assertThat(sales.rowsIn()).isEqualTo(4);
    assertThat(sales.rowsOut()).isEqualTo(3);
    assertThat(sales.rejected()).isEqualTo(1);
    assertThat(sales.rowsIn()).isEqualTo(sales.rowsOut() + sales.rejected() + sales.quarantined());
    assertThat(s.rejects().get("sales")).singleElement().satisfies(r -> assertThat(r.line()).isEqualTo(4));
    assertThat(fx.rows("sales__rejects", "line")).singleElement()
        .satisfies(row -> assertThat(row.get(0)).isEqualTo(s.run().runId()));
    assertThat(fx.rows("by_region", "region")).containsExactly(List.of("north", 15.0, 2L), List.of("south", 20.0, 1L));
    assertThat(fx.rows("north_total", "total")).containsExactly(List.of(15.0));
    assertThat(fx.warehouse.exists("north")).isFalse();
    assertThat(s.node("export:by_region:0").rowsOut()).isEqualTo(2);
    assertThat(Files.readAllLines(dir.resolve("out/by_region.csv"))).hasSize(3);

    assertThat(s.run().rowsIn()).isEqualTo(4);
    assertThat(s.run().rejected()).isEqualTo(1);
    assertThat(fx.store.run(s.run().runId()).orElseThrow().state()).isEqualTo(RunState.SUCCESS);
    assertThat(fx.store.attempts(s.run().runId())).extracting(NodeAttempt::state).containsOnly(NodeState.SUCCESS);
    assertThat(fx.store.attempts(s.run().runId())).filteredOn(a -> a.node().equals("by_region")).singleElement()
        .satisfies(a -> assertThat(a.snapshotId()).isEqualTo(fx.snapshot("by_region")));
    assertThat(events).filteredOn(e -> e.node().equals("sales")).extracting(NodeEvent::state)
        .containsExactly(NodeState.RUNNING, NodeState.SUCCESS);
    assertThat(s.metrics().records()).isEqualTo(4);
    assertThat(s.metrics().recordsPerHourPerDollar()).isEqualTo(s.metrics().recordsPerSecond() * 3600 / 0.5);
    assertThat(fx.store.metrics("__run")).extracting(p -> p.metric()).contains("wall_ms", "records_per_second");

    String report = RunReportPrinter.render(s);
    assertThat(report).contains("by_region", "SUCCESS", "Rejected lines of sales (1;", "three,north,5",
        "records/s", "records per hour per dollar");
  }

  @Test
  void failingModelLeavesThePreviousSnapshotCurrentAndBlocksDownstream() throws Exception {
    assertThat(fx.runner().run(salesPlan(BY_REGION), RunOptions.manual()).succeeded()).isTrue();
    long before = fx.snapshot("by_region");
    long filesBefore = countFiles(dir.resolve("warehouse"));

    RunSummary s = fx.runner().run(salesPlan("SELECT region, CAST(error('boom ' || region) AS DOUBLE) AS total, "
        + "count(*) AS n FROM sales GROUP BY region"), RunOptions.manual());

    assertThat(s.succeeded()).isFalse();
    assertThat(s.exitCode()).isEqualTo(1);
    assertThat(s.node("by_region").state()).isEqualTo(NodeState.FAILED);
    assertThat(s.node("by_region").error()).contains("boom");
    assertThat(s.node("north").state()).isEqualTo(NodeState.UPSTREAM_FAILED);
    assertThat(s.node("north_total").state()).isEqualTo(NodeState.UPSTREAM_FAILED);
    assertThat(s.node("export:by_region:0").state()).isEqualTo(NodeState.UPSTREAM_FAILED);
    assertThat(s.run().state()).isEqualTo(RunState.FAILED);
    assertThat(s.run().error()).startsWith("by_region: ");
    assertThat(fx.snapshot("by_region")).isEqualTo(before);
    assertThat(fx.rows("by_region", "region")).hasSize(2);
    // the source was re-committed (new metadata and data files); nothing staged for by_region remains
    try (Stream<Path> files = Files.list(dir.resolve("warehouse/by_region/data"))) {
      assertThat(files.count()).isEqualTo(1);
    }
    assertThat(countFiles(dir.resolve("warehouse"))).isGreaterThan(filesBefore);
  }

  @Test
  void incrementalModelWithUniqueKeyMergesByKey() {
    Plan first = fx.plan(model("dim", "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) t(id, v)", INCREMENTAL, List.of("id")));
    Plan second = fx.plan(model("dim", "SELECT * FROM (VALUES (2, 'B'), (3, 'c')) t(id, v)", INCREMENTAL, List.of("id")));
    ok(fx.runner().run(first, RunOptions.manual()));
    RunSummary s = ok(fx.runner().run(second, RunOptions.manual()));

    assertThat(s.node("dim").rowsOut()).isEqualTo(2);
    assertThat(fx.rows("dim", "id")).containsExactly(List.of(1, "a"), List.of(2, "B"), List.of(3, "c"));
  }

  @Test
  void mergeTreatsANullKeyAsOneKeyAndRefusesDuplicateKeys() {
    Plan withNull = fx.plan(model("dim", "SELECT * FROM (VALUES (1, 'a'), (NULL, 'b')) t(id, v)", INCREMENTAL, List.of("id")));
    ok(fx.runner().run(withNull, RunOptions.manual()));
    ok(fx.runner().run(withNull, RunOptions.manual()));
    assertThat(fx.rows("dim", "id")).hasSize(2);

    Plan dup = fx.plan(model("dim", "SELECT * FROM (VALUES (2, 'x'), (2, 'y')) t(id, v)", INCREMENTAL, List.of("id")));
    RunSummary s = fx.runner().run(dup, RunOptions.manual());
    assertThat(s.node("dim").state()).isEqualTo(NodeState.FAILED);
    assertThat(s.node("dim").error()).contains("unique_key [id] is not unique").contains("[2] appears 2 times");
    assertThat(fx.rows("dim", "id")).hasSize(2);
  }

  @Test
  void runningTheSameIntervalTwiceGivesTheSameRows() {
    String daily = "SELECT CAST('${data_interval_start}' AS TIMESTAMP) AS day, i AS x FROM range(3) t(i)";
    Plan plan = fx.plan(model("events", daily, INCREMENTAL, List.of()),
        model("latest", "SELECT max(day) AS day, count(*) AS n FROM events", TABLE, List.of(), "events"));
    Interval may1 = new Interval(LocalDateTime.of(2024, 5, 1, 0, 0), LocalDateTime.of(2024, 5, 2, 0, 0));
    Interval may2 = new Interval(LocalDateTime.of(2024, 5, 2, 0, 0), LocalDateTime.of(2024, 5, 3, 0, 0));
    PipelineRunner runner = fx.runner();

    assertThat(runner.runInterval(plan, may1).succeeded()).isTrue();
    List<List<Object>> once = fx.rows("events", "day, x");
    RunSummary again = runner.runInterval(plan, may1);
    assertThat(fx.rows("events", "day, x")).isEqualTo(once).hasSize(3);
    assertThat(again.run().intervalStart()).isEqualTo("2024-05-01T00:00:00");

    runner.runInterval(plan, may2);
    runner.runInterval(plan, may1);
    assertThat(fx.rows("events", "day, x")).hasSize(6);
    assertThat(fx.rows("latest", "n")).containsExactly(List.of(LocalDateTime.of(2024, 5, 2, 0, 0), 6L));
  }

  @Test
  void rerunningAnIntervalReplacesItsRowsWithoutKeyAndUpsertsThemWithOne() throws Exception {
    // as `help backfill` says: without unique_key the interval's rows are replaced, so a row that
    // left the source disappears; with unique_key they are upserted by key, so it stays
    Path file = dir.resolve("interval.csv");
    Files.writeString(file, "id,v\n1,a\n2,b\n");
    String sql = "SELECT id, v, CAST('${data_interval_start}' AS TIMESTAMP) AS day FROM read_csv('" + file + "')";
    Plan plan = fx.plan(model("replaced", sql, INCREMENTAL, List.of()), model("upserted", sql, INCREMENTAL, List.of("id")));
    Interval may1 = new Interval(LocalDateTime.of(2024, 5, 1, 0, 0), LocalDateTime.of(2024, 5, 2, 0, 0));
    assertThat(fx.runner().runInterval(plan, may1).succeeded()).isTrue();
    Files.writeString(file, "id,v\n1,A\n");
    assertThat(fx.runner().runInterval(plan, may1).succeeded()).isTrue();
    LocalDateTime day = LocalDateTime.of(2024, 5, 1, 0, 0);
    assertThat(fx.rows("replaced", "id")).containsExactly(List.of(1L, "A", day));
    assertThat(fx.rows("upserted", "id")).containsExactly(List.of(1L, "A", day), List.of(2L, "b", day));
  }

  @Test
  void resumeRerunsOnlyNodesThatDidNotSucceedAndTheirDownstream() throws Exception {
    Path late = dir.resolve("late.csv");
    Plan plan = fx.plan(source("sales", csv, SALES),
        model("totals", "SELECT sum(amount) AS total FROM sales", TABLE, List.of(), "sales"),
        model("late", "SELECT * FROM read_csv('" + late + "')", TABLE, List.of()),
        model("joined", "SELECT t.total, l.k FROM totals t, late l", TABLE, List.of(), "totals", "late"));
    RunSummary first = fx.runner().run(plan, RunOptions.manual());
    assertThat(first.node("late").state()).isEqualTo(NodeState.FAILED);
    assertThat(first.node("joined").state()).isEqualTo(NodeState.UPSTREAM_FAILED);
    long salesSnapshot = fx.snapshot("sales");

    Files.writeString(late, "k\n7\n");
    RunSummary resumed = fx.runner().run(plan, RunOptions.manual().withResume(RunOptions.LAST_RUN));

    assertThat(resumed.succeeded()).isTrue();
    assertThat(resumed.run().trigger()).isEqualTo("resume");
    assertThat(resumed.node("sales").state()).isEqualTo(NodeState.SKIPPED);
    assertThat(resumed.node("totals").state()).isEqualTo(NodeState.SKIPPED);
    assertThat(resumed.node("late").state()).isEqualTo(NodeState.SUCCESS);
    assertThat(resumed.node("joined").state()).isEqualTo(NodeState.SUCCESS);
    assertThat(fx.snapshot("sales")).isEqualTo(salesSnapshot);
    assertThat(fx.rows("joined", "k")).containsExactly(List.of(35.0, 7L));
  }

  @Test
  void resumingAnUnknownRunIsAUserError() {
    assertThatThrownBy(() -> fx.runner().run(fx.plan(model("m", "SELECT 1 AS x", TABLE, List.of())),
        RunOptions.manual().withResume("nope"))).isInstanceOf(MillraceException.class)
        .hasMessageContaining("Cannot resume run 'nope'");
  }

  @Test
  void substitutesProjectAndOverrideVariablesAndRefusesUndefinedOnes() {
    Plan plan = fx.plan(Map.of("min", "2"), model("m", "SELECT ${min} AS a, '${run_id}' AS run", TABLE, List.of()));
    RunSummary s = fx.runner().run(plan, RunOptions.manual().withVar("min", "5"));
    assertThat(fx.rows("m", "a")).containsExactly(List.of(5, s.run().runId()));

    Plan bad = fx.plan(model("m", "SELECT ${nope} AS a", TABLE, List.of()));
    assertThatThrownBy(() -> fx.runner().run(bad, RunOptions.manual()))
        .hasMessageContaining("Cannot substitute ${nope} in model 'm'");
  }

  @Test
  void timedOutStatementIsCancelledAndCommitsNothing() {
    RetryPolicy quick = new RetryPolicy(0, Duration.ZERO, 1, Duration.ZERO, Duration.ofMillis(300));
    Plan plan = fx.plan(model("slow", "SELECT sum(hash(i)) AS h FROM range(100000000000) t(i)", TABLE, List.of(), quick));
    long t0 = System.nanoTime();
    RunSummary s = fx.runner().run(plan, RunOptions.manual());
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(s.node("slow").state()).isEqualTo(NodeState.FAILED);
    assertThat(s.node("slow").error()).contains("timed out");
    assertThat(fx.warehouse.exists("slow")).isFalse();
  }

  @Test
  void cancelStopsRunningNodesAndCancelsPendingOnes() {
    PipelineRunner runner = fx.runner();
    Plan plan = fx.plan(model("slow", "SELECT sum(hash(i)) AS h FROM range(100000000000) t(i)", TABLE, List.of()),
        model("after", "SELECT * FROM slow", TABLE, List.of(), "slow"));
    PipelineListener cancelWhenRunning = e -> {
      if (e.node().equals("slow") && e.state() == NodeState.RUNNING) {
        new Thread(() -> {
          try {
            Thread.sleep(200);
          } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
          }
          runner.cancel();
        }).start();
      }
    };
    RunSummary s = runner.run(plan, RunOptions.manual(), cancelWhenRunning);
    assertThat(s.run().state()).isEqualTo(RunState.CANCELLED);
    assertThat(s.node("slow").state()).isEqualTo(NodeState.CANCELLED);
    assertThat(s.node("after").state()).isEqualTo(NodeState.CANCELLED);
    assertThat(fx.warehouse.exists("slow")).isFalse();
    assertThat(s.exitCode()).isEqualTo(1);
  }

  private static RunSummary ok(RunSummary s) {
    assertThat(s.succeeded()).as(RunReportPrinter.render(s)).isTrue();
    return s;
  }

  private static long countFiles(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}
