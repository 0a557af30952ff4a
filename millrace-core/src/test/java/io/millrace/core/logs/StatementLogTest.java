package io.millrace.core.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.project.EngineSpec;
import io.millrace.api.run.LogLine;
import io.millrace.api.spi.EngineSession;
import io.millrace.duckdb.DuckDbEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each engine call of a node attempt is timed into its log, on a real DuckDB session. */
class StatementLogTest {
  @TempDir Path state;
  static DuckDbEngine engine;

  @BeforeAll
  static void open() {
    engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void logsEachCallWithItsDurationAndRows() {
    Path parquet = state.resolve("t.parquet");
    try (EngineSession s = StatementLog.wrap(engine.session(), state, "r1", "export:t:0", 1)) {
      s.execute("CREATE OR REPLACE TABLE sl_t AS SELECT range AS id FROM range(3)");
      assertThat(s.query("SELECT * FROM sl_t WHERE id > 0").rows()).hasSize(2);
      assertThat(s.describe("SELECT id, id * 2 AS twice FROM sl_t").columns()).hasSize(2);
      assertThat(s.writeParquet("SELECT id FROM sl_t", parquet, Map.of("id", 1))).isEqualTo(3);
      s.registerView("sl_v", "SELECT id FROM sl_t");
      assertThatThrownBy(() -> s.query("SELECT nope FROM sl_t")).hasMessageContaining("nope");
      s.drop("sl_v");
      s.drop("sl_t");
    }
    List<LogLine> lines = new NodeLogs(state).read("r1", "export:t:0");
    assertThat(lines).extracting(LogLine::message).satisfiesExactly(
        m -> assertThat(m).matches("execute [0-9.]+ ms, \\d+ rows: CREATE OR REPLACE TABLE sl_t AS SELECT range AS id FROM range\\(3\\)"),
        m -> assertThat(m).matches("query [0-9.]+ ms, 2 rows: SELECT \\* FROM sl_t WHERE id > 0"),
        m -> assertThat(m).matches("describe [0-9.]+ ms, 2 columns: SELECT id, id \\* 2 AS twice FROM sl_t"),
        m -> assertThat(m).matches("writeParquet [0-9.]+ ms, 3 rows: t.parquet <- SELECT id FROM sl_t"),
        m -> assertThat(m).startsWith("registerView sl_v ").endsWith(": SELECT id FROM sl_t"),
        m -> assertThat(m).matches("query failed after [0-9.]+ ms: SELECT nope FROM sl_t"),
        m -> assertThat(m).startsWith("drop ").endsWith(": sl_v"),
        m -> assertThat(m).startsWith("drop ").endsWith(": sl_t"));
    assertThat(lines).extracting(LogLine::level).containsExactly("INFO", "INFO", "INFO", "INFO", "INFO", "WARN", "INFO", "INFO");
    assertThat(lines).allSatisfy(l -> assertThat(l.attempt()).isEqualTo(1));
  }

  @Test
  void forwardsTheEngineOwnStandInsAndKeepsLongSqlToOneShortLine() {
    StringBuilder sql = new StringBuilder("SELECT 1 AS a");
    for (int i = 0; i < 100; i++) {
      sql.append(",\n       ").append(i).append(" AS b").append(i);
    }
    String longSql = sql.toString();
    try (EngineSession s = StatementLog.wrap(engine.session(), state, "r2", "m", 1)) {
      s.execute("SELECT 1");   // the first attempt
    }
    try (EngineSession s = StatementLog.wrap(engine.session(), state, "r2", "m", 2)) {
      // DuckDB's describeAs defines a session-private stand-in: the wrapper must reach it, not the default
      assertThat(s.describeAs("sl_stand", "SELECT 1::INTEGER AS x").columns()).hasSize(1);
      assertThat(s.query("SELECT count(*) FROM sl_stand").scalar()).isEqualTo(0L);
      assertThat(s.describe(longSql).columns()).isNotEmpty();
      assertThat(s.describe("-- a comment: the whole line\nSELECT '--not a comment' AS x -- trailing\n, 2 AS y")
          .columns()).hasSize(2);
    }
    List<LogLine> lines = new NodeLogs(state).read("r2", "m").stream().filter(l -> l.attempt() == 2).toList();
    assertThat(lines).hasSize(4);
    String longLine = lines.get(2).message();
    assertThat(longLine).doesNotContain("\n").endsWith("...");
    assertThat(longLine.length()).isLessThan(300);
    assertThat(lines.get(0).attempt()).isEqualTo(2);
    assertThat(lines.get(3).message()).endsWith(": SELECT '--not a comment' AS x , 2 AS y");
  }

  @Test
  void aLineCostsMicroseconds() {
    StatementLog log = new StatementLog(NodeLogs.file(state, "r3", "n", 1));
    int n = 20_000;
    for (int i = 0; i < 2_000; i++) {
      log.statement(true, "query 0.12 ms, 1 rows: SELECT 1");   // warm up
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      log.statement(true, "query 0.12 ms, 1 rows: SELECT " + i);
    }
    double micros = (System.nanoTime() - t0) / 1e3 / n;
    log.close();
    // an engine statement takes a millisecond or more: a few µs per line is noise beside it
    assertThat(micros).as("µs per logged statement").isLessThan(100);
    assertThat(new NodeLogs(state).read("r3", "n")).hasSize(n + 2_000);
  }
}
