package io.millrace.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.TableSchema;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.EngineProvider;
import io.millrace.api.spi.EngineSession;
import io.millrace.core.project.ProjectLoader;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.features.TrainingSetRequest;
import io.millrace.features.TrainingSetResult;
import io.millrace.features.TrainingSets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point-in-time training sets on Spark (the windowed join) against DuckDB (the ASOF join), on the
 * data of the features module's {@code TrainingSetsTest}, built to tempt leakage: rows one
 * microsecond after t, rows at exactly t, ttl edges, ties on event time decided by created (NULL
 * lowest), NULL keys and times, two-key views over TIMESTAMPTZ, entities without history. The same
 * Parquet files are registered in both engines; each result is read back by DuckDB and must be the
 * same row for row, in the same order, and the values the DuckDB test asserts.
 */
class TrainingSetParityTest {
  static final String T = "TIMESTAMP '2024-01-01 12:00:00'";
  @TempDir static Path dir;
  static SparkEngine spark;
  static DuckDbEngine duck;
  static ProjectSpec project;

  @BeforeAll
  static void start() throws Exception {
    spark = (SparkEngine) EngineProvider.find("spark")
        .open(new EngineSpec("spark", 0, null, "local[2]", Map.of()), List.of(), null);
    duck = DuckDbEngine.open(EngineSpec.DEFAULT, null);
    Files.writeString(dir.resolve("millrace.yaml"), "name: fs\n");
    Files.createDirectories(dir.resolve("features"));
    Files.writeString(dir.resolve("features/users.yaml"), """
        views:
          stats:
            entities: [user_id]
            source: stat_rows
            timestamp: event_ts
            created: created_ts
            ttl: 1h
            features: [f1, {f2: "f1 * 2"}]
          lifetime:
            entities: [user_id]
            source: stat_rows
            timestamp: event_ts
            created: created_ts
            features: [f1]
          pairs:
            entities: [user_id, item_id]
            source: pair_rows
            timestamp: ts
            features: [clicks]
        services:
          churn: [stats:f1, pairs]
        """);
    project = ProjectLoader.load(dir, Map.of());
    try (EngineSession s = duck.session()) {
      s.execute("SET TimeZone = 'UTC'");
      write(s, "stat_rows", "SELECT * FROM (VALUES "
          + "(1::BIGINT, " + T + " - INTERVAL 30 MINUTE, " + T + ", 1::BIGINT), (1, " + T + ", " + T + ", 2), "
          + "(1, " + T + " + INTERVAL 1 MICROSECOND, " + T + ", 99), "
          + "(2, " + T + " + INTERVAL 1 MICROSECOND, " + T + ", 98), "
          + "(3, " + T + " - INTERVAL 1 HOUR, " + T + ", 3), "
          + "(4, " + T + " - INTERVAL 1 HOUR - INTERVAL 1 MICROSECOND, " + T + ", 4), "
          + "(5, " + T + " - INTERVAL 10 MINUTE, " + T + " - INTERVAL 1 MINUTE, 6), "
          + "(5, " + T + " - INTERVAL 10 MINUTE, " + T + " - INTERVAL 2 MINUTE, 5), "
          + "(5, " + T + " - INTERVAL 10 MINUTE, NULL, 7), "
          + "(NULL, " + T + " - INTERVAL 1 MINUTE, " + T + ", 77), (7, NULL, " + T + ", 78)) "
          + "v(user_id, event_ts, created_ts, f1)");
      write(s, "pair_rows", "SELECT * FROM (VALUES (1::BIGINT, 'a', TIMESTAMPTZ '2024-01-01 11:00:00+00', 10::INTEGER), "
          + "(1, 'b', TIMESTAMPTZ '2024-01-01 11:30:00+00', 20), (1, 'a', TIMESTAMPTZ '2024-01-01 12:00:00.000001+00', 11)) "
          + "v(user_id, item_id, ts, clicks)");
      write(s, "ents_leak", "SELECT * FROM (VALUES (5::BIGINT, 'x', " + T + ", 'l1'), (1, 'x', " + T + ", 'l2'), "
          + "(2, 'x', " + T + ", 'l3'), (3, 'x', " + T + ", 'l4'), (4, 'x', " + T + ", 'l5'), (6, 'x', " + T + ", 'l6'), "
          + "(NULL, 'x', " + T + ", 'l7'), (1, 'x', " + T + ", 'l8'), (1, 'x', " + T + " - INTERVAL 1 MICROSECOND, 'l9'), "
          + "(1, 'x', NULL, 'l10'), (7, 'x', " + T + ", 'l11')) v(user_id, item_id, event_timestamp, label)");
      // the entity key as INTEGER while the views' keys are BIGINT: compared as the view's type
      write(s, "ents_pairs", "SELECT * FROM (VALUES (1::INTEGER, 'a', " + T + ", 0), (1, 'b', " + T + ", 1), "
          + "(1, 'a', " + T + " - INTERVAL 1 HOUR, 2), (1, 'a', " + T + " - INTERVAL 1 HOUR - INTERVAL 1 MICROSECOND, 3), "
          + "(2, 'a', " + T + ", 4), (1, NULL, " + T + ", 5)) v(user_id, item_id, event_timestamp, label)");
    }
  }

  @AfterAll
  static void stop() {
    duck.close();
    spark.close();
  }

  /** A table as one Parquet file, registered under its name in both engines. */
  private static void write(EngineSession s, String name, String sql) throws Exception {
    Path file = dir.resolve(name + ".parquet");
    s.execute("COPY (" + sql + ") TO '" + file + "' (FORMAT parquet)");
    TableSchema schema = s.describe("SELECT * FROM read_parquet('" + file + "')");
    for (var e : List.of(duck, spark)) {
      try (EngineSession x = e.session()) {
        x.registerTable(name, schema, List.of(file));
      }
    }
  }

  /** The training set built on each engine, read back by DuckDB: DuckDB's rows, after asserting Spark's are the same. */
  private static List<List<Object>> both(String entityTable, Path entityFile, String features, String service,
                                         String out) {
    List<FeatureRef> refs = features == null ? List.of()
        : Arrays.stream(features.split(",")).map(FeatureRef::parse).toList();
    List<List<List<Object>>> results = new ArrayList<>();
    List<List<String>> columns = new ArrayList<>();
    for (var e : List.of(duck, spark)) {
      Path file = dir.resolve(e.getClass().getSimpleName() + "-" + out);
      try (EngineSession s = e.session()) {
        TrainingSetResult r = TrainingSets.build(project, s, null,
            new TrainingSetRequest(entityFile, entityTable, refs, service, file, null, true));
        columns.add(r.columns());
        assertThat(r.rows()).isEqualTo(read(file).size());
      }
      results.add(read(file));
    }
    assertThat(columns.get(1)).isEqualTo(columns.get(0));
    if (entityFile != null) {
      // a file's column types are each engine's inference (DuckDB sniffs BIGINT where Spark infers INT)
      results.replaceAll(rows -> rows.stream().map(r -> r.stream().map(v -> v instanceof Integer i ? (Object) i.longValue()
          : v).toList()).toList());
    }
    assertThat(results.get(1)).as("Spark's training set vs DuckDB's").isEqualTo(results.get(0));
    return results.get(0);
  }

  private static List<List<Object>> read(Path file) {
    try (EngineSession s = duck.session()) {
      String f = file.toString().replace("'", "''");
      return s.query("SELECT * FROM " + (f.endsWith(".csv") ? "read_csv('" + f + "')" : "read_parquet('" + f + "')")).rows();
    }
  }

  private static List<Object> column(List<List<Object>> rows, int i) {
    List<Object> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.get(i)));
    return out;
  }

  @Test
  void sparkNeverUsesAValueFromAfterTheEntityTimeAndHonoursTtlEdgesAndCreatedTiesAsDuckDb() {
    List<List<Object>> rows = both("ents_leak", null, "stats:f1,stats:f2,lifetime:f1", null, "leak.parquet");
    assertThat(column(rows, 3)).containsExactly("l1", "l2", "l3", "l4", "l5", "l6", "l7", "l8", "l9", "l10", "l11");
    assertThat(column(rows, 4)).containsExactly(6L, 2L, null, 3L, null, null, null, 2L, 1L, null, null);
    assertThat(column(rows, 5)).containsExactly(12L, 4L, null, 6L, null, null, null, 4L, 2L, null, null);
    assertThat(column(rows, 6)).containsExactly(6L, 2L, null, 3L, 4L, null, null, 2L, 1L, null, null);
  }

  @Test
  void sparkJoinsMultiKeyViewsOverTimestampTzAsDuckDb() {
    List<List<Object>> rows = both("ents_pairs", null, null, "churn", "svc.csv");
    // stats__f1 then pairs__clicks (full feature names)
    assertThat(column(rows, 5)).containsExactly(10L, 20L, 10L, null, null, null);
    assertThat(column(rows, 4)).containsExactly(2L, 2L, null, null, null, 2L);
  }

  @Test
  void sparkReadsEntityRowsFromACsvFileInOrder() throws Exception {
    Path csv = dir.resolve("ents.csv");
    StringBuilder text = new StringBuilder("user_id,event_timestamp,label\n");
    for (int i = 0; i < 3000; i++) {
      text.append(i % 7).append(",2024-01-01 12:00:00,").append(i).append('\n');
    }
    Files.writeString(csv, text);
    List<List<Object>> rows = both(null, csv, "stats:f1,lifetime:f1", null, "file.parquet");
    assertThat(rows).hasSize(3000);
    for (int i = 0; i < 3000; i++) {
      assertThat(((Number) rows.get(i).get(2)).intValue()).isEqualTo(i);
    }
    assertThat(rows.get(1).get(3)).isEqualTo(2L);
  }
}
