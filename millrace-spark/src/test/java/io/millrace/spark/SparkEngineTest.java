package io.millrace.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.Column;
import io.millrace.api.ErrorKind;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.EngineProvider;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.SourceLoad;
import io.millrace.duckdb.DuckDbEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark engine through the SPI, on local[2]; files it writes are read back by DuckDB. */
class SparkEngineTest {
  static SparkEngine engine;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    engine = (SparkEngine) EngineProvider.find("spark")
        .open(new EngineSpec("spark", 0, null, "local[2]", Map.of()), List.of(), null);
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @Test
  void queriesDescribesAndNamesItsDialect() {
    try (EngineSession s = engine.session()) {
      assertThat(s.dialect()).isEqualTo("spark");
      assertThat(s.query("SELECT 41 + 1 AS x, 'a' AS y, DATE '2024-03-10' AS d").rows().get(0))
          .containsExactly(42, "a", LocalDate.of(2024, 3, 10));
      TableSchema schema = s.describe("SELECT CAST(1 AS BIGINT) AS a, 1.5 AS b, TIMESTAMP '2024-01-01 10:00:00' AS t, "
          + "CAST('x' AS VARCHAR) AS v");
      assertThat(schema.columns()).containsExactly(new Column("a", LogicalType.BIGINT), Column.decimal("b", 2, 1),
          new Column("t", LogicalType.TIMESTAMP), new Column("v", LogicalType.VARCHAR));
      // DuckDB's DESCRIBE of a query, as the quality engine reads it
      var described = s.query("DESCRIBE SELECT CAST(1 AS BIGINT) AS a, 'x' AS v");
      assertThat(described.rows()).extracting(r -> r.get(described.columnIndex("column_name")) + " "
          + r.get(described.columnIndex("column_type"))).containsExactly("a BIGINT", "v VARCHAR");
    }
  }

  @Test
  void referencedTablesComeFromSparksParserWithoutCtes() {
    assertThat(engine.referencedTables("WITH a AS (SELECT * FROM t1) SELECT * FROM a JOIN t2 USING (k) "
        + "WHERE k IN (SELECT k FROM t3)")).containsExactlyInAnyOrder("t1", "t2", "t3");
    assertThat(engine.referencedTables("SELECT * FROM read_parquet('/x/y.parquet')")).isEmpty();
    assertThat(engine.isReadOnly("SELECT 1")).isTrue();
    assertThat(engine.isReadOnly("WITH a AS (SELECT 1) SELECT * FROM a")).isTrue();
    assertThat(engine.isReadOnly("INSERT INTO t VALUES (1)")).isFalse();
    assertThat(engine.isReadOnly("SET spark.sql.ansi.enabled = false")).isFalse();
    assertThat(engine.isReadOnly("CREATE TABLE t (a INT)")).isFalse();
    assertThat(engine.isReadOnly("SELEC 1")).isFalse();
    assertThatThrownBy(() -> engine.referencedTables("SELECT (1 FROM"))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER));
  }

  @Test
  void writesOneParquetFileWithFieldIdsThatDuckDbReads() throws Exception {
    Path file = dir.resolve("out/data.parquet");
    try (EngineSession s = engine.session()) {
      long rows = s.writeParquet("SELECT id, CAST(id * 1.5 AS DOUBLE) AS v, TIMESTAMP '2024-01-01 00:00:00' AS t "
          + "FROM range(5)", file, Map.of("id", 1, "v", 2, "t", 3));
      assertThat(rows).isEqualTo(5);
    }
    assertThat(Files.list(file.getParent()).toList()).containsExactly(file);
    try (DuckDbEngine duck = DuckDbEngine.open(EngineSpec.DEFAULT, null); EngineSession d = duck.session()) {
      var r = d.query("SELECT name, field_id, type FROM parquet_schema('" + file + "') WHERE name <> 'spark_schema' ORDER BY field_id");
      assertThat(r.rows()).extracting(row -> row.get(0) + ":" + row.get(1))
          .containsExactly("id:1", "v:2", "t:3");
      assertThat(d.query("SELECT sum(id), max(t) FROM read_parquet('" + file + "')").rows().get(0))
          .containsExactly(java.math.BigInteger.valueOf(10).longValue() == 10 ? d.query("SELECT sum(id) FROM read_parquet('" + file + "')").scalar() : null,
              LocalDateTime.of(2024, 1, 1, 0, 0));
      // and DuckDB's files are read by Spark by field id, renamed columns included
      Path duckFile = dir.resolve("duck.parquet");
      d.execute("COPY (SELECT 7 AS old_name, 'x' AS s) TO '" + duckFile + "' (FORMAT parquet, FIELD_IDS {old_name: 1, s: 2})");
      try (EngineSession s = engine.session()) {
        s.registerTable("renamed", new TableSchema(List.of(new Column("new_name", LogicalType.INTEGER),
            new Column("s", LogicalType.VARCHAR), new Column("added", LogicalType.BIGINT))), List.of(duckFile),
            Map.of("new_name", 1, "s", 2, "added", 3));
        assertThat(s.query("SELECT new_name, s, added FROM renamed").rows().get(0)).containsExactly(7, "x", null);
        s.drop("renamed");
      }
    }
  }

  @Test
  void sharedTablesAndViewsAreSeenByOtherSessionsAndViewsBindLate() {
    try (EngineSession a = engine.session(); EngineSession b = engine.session()) {
      a.registerView("base_v", "SELECT 1 AS x");
      a.registerView("top_v", "SELECT x + 1 AS y FROM base_v");
      assertThat(b.query("SELECT y FROM top_v").scalar()).isEqualTo(2);
      a.registerView("base_v", "SELECT 10 AS x");
      assertThat(b.query("SELECT y FROM top_v").scalar()).isEqualTo(11);
      // a stand-in shadows the shared name in its own session only
      b.standIn("base_v", new TableSchema(List.of(new Column("x", LogicalType.INTEGER))));
      assertThat(b.query("SELECT count(*) FROM base_v").scalar()).isEqualTo(0L);
      assertThat(a.query("SELECT x FROM base_v").scalar()).isEqualTo(10);
      a.drop("top_v");
      a.drop("base_v");
      assertThatThrownBy(() -> a.query("SELECT * FROM top_v")).isInstanceOf(MillraceException.class);
    }
  }

  @Test
  void csvBadLinesAreRejectsWithTheirLines() throws Exception {
    Path csv = dir.resolve("s.csv");
    Files.writeString(csv, "id,amount,day\n1,2.5,2024-01-01\n2,abc,2024-01-02\n3,4,2024-13-01\n4,1,2024-01-04\n");
    SourceSpec spec = SourceSpec.file("s", SourceFormat.CSV, csv, List.of(new Column("id", LogicalType.INTEGER),
        new Column("amount", LogicalType.DOUBLE), new Column("day", LogicalType.DATE)));
    try (EngineSession s = engine.session()) {
      SourceLoad load = s.loadSource(spec, "s");
      assertThat(load.rows()).isEqualTo(2);
      assertThat(load.rejects()).extracting(r -> r.line() + ":" + r.column() + ":" + r.original())
          .containsExactly("3:amount:2,abc,2024-01-02", "4:day:3,4,2024-13-01");
      assertThat(s.query("SELECT sum(id) FROM s").scalar()).isEqualTo(5L);
      s.drop("s");
    }
  }

  @Test
  void jsonLinesLoadWithRejects() throws Exception {
    Path f = dir.resolve("e.jsonl");
    Files.writeString(f, "{\"k\": 1, \"v\": \"a\"}\nnot json\n{\"k\": \"x\", \"v\": \"b\"}\n{\"k\": 3}\n");
    SourceSpec spec = SourceSpec.file("e", SourceFormat.JSONL, f, List.of(new Column("k", LogicalType.BIGINT),
        new Column("v", LogicalType.VARCHAR)));
    try (EngineSession s = engine.session()) {
      SourceLoad load = s.loadSource(spec, "e");
      assertThat(load.rows()).isEqualTo(2);
      assertThat(load.rejects()).extracting(r -> r.line()).containsExactly(2L, 3L);
      s.drop("e");
    }
  }

  @Test
  void sessionTempTablesAsTheRunnerUsesThem() {
    try (EngineSession s = engine.session()) {
      s.execute("CREATE OR REPLACE TEMP TABLE \"__rejects_x\" (run_id VARCHAR, line BIGINT, \"column\" VARCHAR)");
      s.execute("INSERT INTO \"__rejects_x\" VALUES ('r1', 3, NULL), ('r1', 4, 'c')");
      assertThat(s.query("SELECT sum(line), count(\"column\") FROM \"__rejects_x\"".replace('"', '`')).rows().get(0))
          .containsExactly(7L, 1L);
      s.execute("DROP TABLE IF EXISTS \"__rejects_x\"");
    }
  }

  @Test
  void analysisErrorsAreUserErrorsWithTheLine() {
    try (EngineSession s = engine.session()) {
      assertThatThrownBy(() -> s.describe("SELECT 1 AS a,\n  no_such_function(2) AS b"))
          .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
          .hasMessageContaining("no_such_function").hasMessageContaining("line 2");
    }
  }

  @Test
  void cancelStopsARunningQuery() throws Exception {
    try (EngineSession s = engine.session()) {
      java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
      Thread t = new Thread(() -> {
        // the job may not have started at the first cancel on a loaded machine: cancel until it ends
        while (!done.get()) {
          try {
            Thread.sleep(1000);
          } catch (InterruptedException ignored) {
            return;
          }
          s.cancel();
        }
      });
      t.start();
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> s.query("SELECT count(*) FROM range(0, 1000000000000L) a WHERE reflect('java.lang.Thread', 'sleep', CAST(1 AS BIGINT)) IS NULL"))
          .isInstanceOf(MillraceException.class);
      done.set(true);
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(120);
      t.join();
    }
  }

  @Test
  void providerIsFoundByType() {
    assertThat(EngineProvider.available()).containsKeys("duckdb", "spark");
    assertThat(Set.of(engine.session().dialect())).containsExactly("spark");
  }
}
