package io.millrace.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.project.EngineSpec;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.NodeState;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.Engine;
import io.millrace.api.spi.EngineProvider;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.RunStore;
import io.millrace.core.pipeline.PipelineListener;
import io.millrace.core.pipeline.PipelineRunner;
import io.millrace.core.pipeline.RunOptions;
import io.millrace.core.pipeline.RunSummary;
import io.millrace.core.plan.Binder;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.SuiteBinding;
import io.millrace.api.spi.QualityChecker;
import io.millrace.quality.DefaultQualityChecker;
import io.millrace.core.project.ProjectLoader;
import io.millrace.core.schedule.Interval;
import io.millrace.core.store.JdbcRunStore;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.lake.IcebergWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries, timeouts, cancellation, resume, backfill of incremental models and quarantine on Spark
 * {@code local[2]}, each scenario run the same way on DuckDB: same node states, attempts, errors'
 * gist, committed rows, check results. Tiny data; one Spark engine for the class. Projects are folders loaded and
 * bound as the CLI does ({@code ProjectLoader}, {@code Binder}), run by the {@code PipelineRunner}.
 */
@Timeout(600)
class PipelineFaultParityTest {
  static final QualityChecker CHECKER = new DefaultQualityChecker();
  static Engine spark;
  static Engine duck;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = EngineProvider.find("spark").open(new EngineSpec("spark", 0, null, "local[2]", Map.of()), List.of(), null);
    duck = DuckDbEngine.open(EngineSpec.DEFAULT, null);
  }

  @AfterAll
  static void stop() {
    duck.close();
    spark.close();
  }

  /** A project folder for one engine, with its warehouse and run store. */
  private final class Project implements AutoCloseable {
    final Engine engine;
    final Path root;
    final IcebergWarehouse warehouse;
    final RunStore store;

    Project(Engine engine, String yaml, Map<String, String> files) throws Exception {
      this.engine = engine;
      String kind = engine == spark ? "spark" : "duckdb";
      root = dir.resolve(kind);
      Files.createDirectories(root.resolve("models"));
      Files.writeString(root.resolve("millrace.yaml"), "name: faults\nengine: {type: " + kind
          + (engine == spark ? ", master: \"local[2]\"" : "") + "}\n" + yaml);
      for (var f : files.entrySet()) {
        write(f.getKey(), f.getValue());
      }
      warehouse = IcebergWarehouse.open(root.resolve("warehouse"));
      store = JdbcRunStore.open("jdbc:sqlite:" + root.resolve("runs.db"));
    }

    void write(String file, String text) throws Exception {
      Path p = root.resolve(file);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
    }

    Plan plan() {
      return SuiteBinding.bind(Binder.bind(ProjectLoader.load(root, Map.of()), engine, Map.of()), CHECKER);
    }

    RunSummary run(RunOptions options) {
      return run(options, e -> { });
    }

    RunSummary run(RunOptions options, PipelineListener listener) {
      return runner().run(plan(), options, listener);
    }

    PipelineRunner runner() {
      return new PipelineRunner(engine, warehouse, CHECKER, store);
    }

    List<NodeAttempt> attempts(RunSummary s, String node) {
      return store.attempts(s.run().runId()).stream().filter(a -> a.node().equals(node)).toList();
    }

    /** A table's rows as text, read back by DuckDB from the warehouse, sorted. */
    List<String> rows(String table) {
      return rows(table, "*");
    }

    List<String> rows(String table, String columns) {
      try (EngineSession s = duck.session()) {
        String name = "__read_" + table + "_" + (engine == spark ? "s" : "d");
        s.registerTable(name, warehouse.schema(table).orElseThrow(), warehouse.files(table));
        List<String> out = new ArrayList<>();
        s.query("SELECT " + columns + " FROM " + name).rows().forEach(r -> out.add(r.toString()));
        s.drop(name);
        out.sort(null);
        return out;
      }
    }

    @Override
    public void close() {
      warehouse.close();
      store.close();
    }
  }

  /** The scenario's outcome on each engine (DuckDB first, then Spark), each in its own project. */
  private <T> List<T> onBoth(String yaml, Map<String, String> files, Function<Project, T> scenario) throws Exception {
    List<T> out = new ArrayList<>();
    for (Engine e : List.of(duck, spark)) {
      try (Project p = new Project(e, yaml, files)) {
        out.add(scenario.apply(p));
      }
    }
    return out;
  }

  /** A sum over 10^11 generated rows (the core's own timeout test's query; Spark's {@code range()} takes the same alias). */
  private static final String SLOW = "SELECT sum(hash(i)) AS h FROM range(100000000000) t(i)";

  private static final String NUMS = "x\n" + "1\n2\n3\n".repeat(1) + String.join("\n",
      java.util.stream.IntStream.rangeClosed(4, 3000).mapToObj(Integer::toString).toList()) + "\n";

  @Test
  void externalFailuresAreRetriedAndDataErrorsAreNotOnBothEngines() throws Exception {
    String yaml = """
        sources:
          vals: {format: csv, path: vals.csv, columns: {v: string}}
        models:
          ok: {materialized: table}
          bad: {materialized: table}
        exports:
          - {table: ok, format: postgres, url: "jdbc:postgresql://127.0.0.1:1/test?user=postgres&connectTimeout=2", mode: replace}
        pipeline: {retries: 2, retry_delay: 100ms}
        """;
    Map<String, String> files = Map.of("vals.csv", "v\n1\nx\n", "models/ok.sql", "SELECT v FROM vals",
        "models/bad.sql", "SELECT CAST(v AS INTEGER) AS i FROM vals");
    List<List<Object>> outcomes = onBoth(yaml, files, p -> {
      RunSummary s = p.run(RunOptions.manual());
      String export = "export:ok:0";
      assertThat(s.node(export).error()).as(p.engine.getClass().getSimpleName()).isNotNull();
      return List.of(s.run().state(), s.node("ok").state(), s.node("bad").state(), s.node(export).state(),
          p.attempts(s, "bad").size(), p.attempts(s, export).size(), p.rows("ok"), p.warehouse.exists("bad"));
    });
    // the unreachable database: 1 + 2 retries; the bad cast: a data error, not retried; ok committed
    assertThat(outcomes.get(0)).containsExactly(RunState.FAILED, NodeState.SUCCESS, NodeState.FAILED, NodeState.FAILED,
        1, 3, List.of("[1]", "[x]"), false);
    assertThat(outcomes.get(1)).as("on Spark vs on DuckDB").isEqualTo(outcomes.get(0));
  }

  @Test
  void aTimedOutModelIsCancelledAndCommitsNothingOnBothEngines() throws Exception {
    String yaml = """
        sources:
          nums: {format: csv, path: nums.csv, columns: {x: integer}}
        models:
          slow: {materialized: table, timeout: 3s}
          after: {materialized: table}
        pipeline: {retries: 0}
        """;
    Map<String, String> files = Map.of("nums.csv", NUMS,
        "models/slow.sql", SLOW,
        "models/after.sql", "SELECT * FROM slow, nums");
    List<List<Object>> outcomes = onBoth(yaml, files, p -> {
      long t0 = System.nanoTime();
      RunSummary s = p.run(RunOptions.manual());
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(120));
      assertThat(s.node("slow").error()).contains("timed out");
      return List.of(s.run().state(), s.node("nums").state(), s.node("slow").state(), s.node("after").state(),
          p.warehouse.exists("slow"), p.warehouse.exists("after"));
    });
    assertThat(outcomes.get(0)).containsExactly(RunState.FAILED, NodeState.SUCCESS, NodeState.FAILED,
        NodeState.UPSTREAM_FAILED, false, false);
    assertThat(outcomes.get(1)).as("on Spark vs on DuckDB").isEqualTo(outcomes.get(0));
  }

  @Test
  void cancellingARunStopsItsRunningNodeAndCancelsTheRestOnBothEngines() throws Exception {
    String yaml = """
        sources:
          nums2: {format: csv, path: nums.csv, columns: {x: integer}}
        models:
          slow2: {materialized: table}
          after2: {materialized: table}
        pipeline: {retries: 0}
        """;
    Map<String, String> files = Map.of("nums.csv", NUMS,
        // reads nums2, so the source is done before the cancel
        "models/slow2.sql", SLOW.replace(" AS h", " + (SELECT count(*) FROM nums2) AS h"),
        "models/after2.sql", "SELECT * FROM slow2, nums2");
    List<List<Object>> outcomes = onBoth(yaml, files, p -> {
      PipelineRunner runner = p.runner();
      PipelineListener cancelWhenRunning = e -> {
        if (e.node().equals("slow2") && e.state() == NodeState.RUNNING) {
          Thread t = new Thread(() -> {
            try {
              Thread.sleep(1500);
            } catch (InterruptedException ex) {
              Thread.currentThread().interrupt();
            }
            runner.cancel();
          });
          t.setDaemon(true);
          t.start();
        }
      };
      long t0 = System.nanoTime();
      RunSummary s = runner.run(p.plan(), RunOptions.manual(), cancelWhenRunning);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(120));
      return List.of(s.run().state(), s.node("nums2").state(), s.node("slow2").state(), s.node("after2").state(),
          p.warehouse.exists("slow2"), s.exitCode());
    });
    assertThat(outcomes.get(0)).containsExactly(RunState.CANCELLED, NodeState.SUCCESS, NodeState.CANCELLED,
        NodeState.CANCELLED, false, 1);
    assertThat(outcomes.get(1)).as("on Spark vs on DuckDB").isEqualTo(outcomes.get(0));
  }

  @Test
  void resumeRerunsOnlyWhatDidNotSucceedOnBothEngines() throws Exception {
    String yaml = """
        sources:
          raw: {format: csv, path: raw.csv, columns: {k: integer, v: string}}
        models:
          total: {materialized: table}
          fixme: {materialized: table}
          joined: {materialized: table}
        pipeline: {retries: 0}
        """;
    Map<String, String> files = Map.of("raw.csv", "k,v\n1,10\n2,x\n3,30\n",
        "models/total.sql", "SELECT CAST(sum(k) AS BIGINT) AS s FROM raw",
        "models/fixme.sql", "SELECT k, CAST(v AS INTEGER) AS v FROM raw",
        "models/joined.sql", "SELECT f.k, f.v, t.s FROM fixme f, total t");
    List<List<Object>> outcomes = onBoth(yaml, files, p -> {
      RunSummary first = p.run(RunOptions.manual());
      long totalSnapshot = p.warehouse.tables().stream().filter(t -> t.name().equals("total")).findFirst()
          .orElseThrow().snapshotId();
      try {
        // the user fixes the model, then resumes the failed run
        p.write("models/fixme.sql", "SELECT k, try_cast(v AS INTEGER) AS v FROM raw");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      RunSummary resumed = p.run(RunOptions.manual().withResume(RunOptions.LAST_RUN));
      long totalAfter = p.warehouse.tables().stream().filter(t -> t.name().equals("total")).findFirst()
          .orElseThrow().snapshotId();
      return List.of(first.node("fixme").state(), first.node("joined").state(), resumed.run().trigger(),
          resumed.run().state(), resumed.node("raw").state(), resumed.node("total").state(),
          resumed.node("fixme").state(), resumed.node("joined").state(), totalAfter == totalSnapshot, p.rows("joined"));
    });
    assertThat(outcomes.get(0)).containsExactly(NodeState.FAILED, NodeState.UPSTREAM_FAILED, "resume", RunState.SUCCESS,
        NodeState.SKIPPED, NodeState.SKIPPED, NodeState.SUCCESS, NodeState.SUCCESS, true,
        List.of("[1, 10, 6]", "[2, null, 6]", "[3, 30, 6]"));
    assertThat(outcomes.get(1)).as("on Spark vs on DuckDB").isEqualTo(outcomes.get(0));
  }

  @Test
  void backfilledIntervalsOfIncrementalModelsAreEachKeptOnceOnBothEngines() throws Exception {
    String yaml = """
        sources:
          events: {format: csv, path: events.csv, columns: {id: integer, ts: timestamp, amount: integer}}
        models:
          merged: {materialized: incremental, unique_key: [id]}
          appended: {materialized: incremental}
        pipeline: {retries: 0}
        """;
    String sql = "SELECT id, ts, amount FROM events WHERE ts >= TIMESTAMP '${data_interval_start}' "
        + "AND ts < TIMESTAMP '${data_interval_end}'";
    Map<String, String> files = Map.of("events.csv", "id,ts,amount\n1,2025-01-01 00:10:00,5\n2,2025-01-01 00:50:00,7\n"
            + "3,2025-01-01 01:20:00,11\n4,2025-01-01 02:30:00,13\n",
        "models/merged.sql", sql, "models/appended.sql", sql);
    LocalDateTime h0 = LocalDateTime.parse("2025-01-01T00:00");
    List<List<Object>> outcomes = onBoth(yaml, files, p -> {
      List<Object> out = new ArrayList<>();
      for (int h : new int[] {0, 1, 0, 2, 1}) {   // hours 0 and 1 backfilled twice
        Interval i = new Interval(h0.plusHours(h), h0.plusHours(h + 1));
        RunSummary s = p.run(RunOptions.manual().withTrigger("backfill").withInterval(i));
        out.add(s.run().state());
      }
      out.add(p.rows("merged"));
      out.add(p.rows("appended").stream().map(r -> r.substring(0, r.indexOf(','))).toList());
      return out;
    });
    List<Object> duckOut = outcomes.get(0);
    assertThat(duckOut.subList(0, 5)).containsOnly(RunState.SUCCESS);
    assertThat(duckOut.get(5)).isEqualTo(List.of("[1, 2025-01-01T00:10, 5]", "[2, 2025-01-01T00:50, 7]",
        "[3, 2025-01-01T01:20, 11]", "[4, 2025-01-01T02:30, 13]"));
    assertThat(duckOut.get(6)).isEqualTo(List.of("[1", "[2", "[3", "[4"));
    assertThat(outcomes.get(1)).as("on Spark vs on DuckDB").isEqualTo(duckOut);
  }

  @Test
  void quarantineWithRegexAndQuotedValuesGivesTheSameRowsAndCheckResultsOnBothEngines() throws Exception {
    String yaml = """
        sources:
          people: {format: csv, path: people.csv, columns: {id: integer, code: string, name: string},
                   checks: [{suite: checks/people.yaml, on_fail: quarantine}]}
        pipeline: {retries: 0}
        """;
    // 6's code is a backslash and "ddd": it matches the regular expression only if its \\d lost its meaning
    Map<String, String> files = Map.of("people.csv", "id,code,name\n1,123-ab,it's\n2,12-ab,plain\n3,456-cd,bob\n"
            + ",789-x,o'neil\n6,\\ddd-x,plain\n7,000-z,o'neil\n",
        "checks/people.yaml", """
            name: people
            expectations:
              - expect_column_values_to_match_regex: {column: code, regex: '^\\d{3}-[a-z]+$'}
              - expect_column_values_to_be_in_set: {column: name, value_set: ["it's", "o'neil", plain]}
              - expect_column_values_to_not_be_null: {column: id}
            """);
    List<List<Object>> outcomes = onBoth(yaml, files, p -> {
      RunSummary s = p.run(RunOptions.manual());
      List<String> checks = new ArrayList<>();
      for (var c : s.checks()) {
        try {
          for (var r : new com.fasterxml.jackson.databind.ObjectMapper().readTree(c.resultJson()).path("results")) {
            checks.add(c.table() + " " + c.success() + " " + String.format(java.util.Locale.ROOT, "%.2f", c.score())
                + " " + r.path("expectation_config").path("type").asText() + " " + r.path("success").asText()
                + " unexpected=" + r.path("result").path("unexpected_count").asText());
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      checks.sort(null);
      return List.of(s.run().state(), s.node("people").rowsOut(), s.node("people").quarantined(), p.rows("people"),
          p.rows("people__quarantine", "id, code, name, failed_expectations"), checks);
    });
    List<Object> duckOut = outcomes.get(0);
    assertThat(duckOut.subList(0, 4)).containsExactly(RunState.SUCCESS, 2L, 4L,
        List.of("[1, 123-ab, it's]", "[7, 000-z, o'neil]"));
    assertThat(duckOut.get(4).toString()).contains("[2, 12-ab, plain, expect_column_values_to_match_regex(code)]",
        "[6, \\ddd-x, plain, expect_column_values_to_match_regex(code)]");
    assertThat(duckOut.get(5).toString()).contains("expect_column_values_to_match_regex false unexpected=2",
        "expect_column_values_to_be_in_set false unexpected=1", "expect_column_values_to_not_be_null false unexpected=1");
    assertThat(outcomes.get(1)).as("on Spark vs on DuckDB").isEqualTo(duckOut);
  }
}
