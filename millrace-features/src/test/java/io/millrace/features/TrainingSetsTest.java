package io.millrace.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.MillraceException;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.core.project.ProjectLoader;
import io.millrace.duckdb.DuckDbEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point-in-time joins on the real DuckDB engine, on data built to tempt leakage: rows one microsecond
 * after t, rows at exactly t, ttl edges, ties on event time, NULL keys, entities without history.
 */
class TrainingSetsTest {
  static final String T = "TIMESTAMP '2024-01-01 12:00:00'";

  @TempDir Path dir;
  DuckDbEngine engine;
  EngineSession session;
  ProjectSpec project;

  @BeforeEach
  void setUp() throws IOException {
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
    engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
    session = engine.session();
    session.execute("CREATE TABLE stat_rows (user_id BIGINT, event_ts TIMESTAMP, created_ts TIMESTAMP, f1 BIGINT)");
    session.execute("INSERT INTO stat_rows VALUES "
        // user 1: 30 min before t, exactly at t, and one microsecond after t (must never show)
        + "(1, " + T + " - INTERVAL 30 MINUTE, " + T + ", 1), (1, " + T + ", " + T + ", 2), "
        + "(1, " + T + " + INTERVAL 1 MICROSECOND, " + T + ", 99), "
        // user 2: only after t
        + "(2, " + T + " + INTERVAL 1 MICROSECOND, " + T + ", 98), "
        // user 3: exactly t - ttl (inside); user 4: one microsecond older (outside the ttl, inside lifetime)
        + "(3, " + T + " - INTERVAL 1 HOUR, " + T + ", 3), "
        + "(4, " + T + " - INTERVAL 1 HOUR - INTERVAL 1 MICROSECOND, " + T + ", 4), "
        // user 5: a tie on event time, decided by the greatest created (inserted first, so order does not decide)
        + "(5, " + T + " - INTERVAL 10 MINUTE, " + T + " - INTERVAL 1 MINUTE, 6), "
        + "(5, " + T + " - INTERVAL 10 MINUTE, " + T + " - INTERVAL 2 MINUTE, 5), "
        + "(5, " + T + " - INTERVAL 10 MINUTE, NULL, 7), "
        // a row without key and one without event time never match
        + "(NULL, " + T + " - INTERVAL 1 MINUTE, " + T + ", 77), (7, NULL, " + T + ", 78)");
    session.execute("CREATE TABLE pair_rows (user_id BIGINT, item_id VARCHAR, ts TIMESTAMPTZ, clicks INTEGER)");
    session.execute("SET TimeZone = 'UTC'");
    session.execute("INSERT INTO pair_rows VALUES (1, 'a', TIMESTAMPTZ '2024-01-01 11:00:00+00', 10), "
        + "(1, 'b', TIMESTAMPTZ '2024-01-01 11:30:00+00', 20), (1, 'a', TIMESTAMPTZ '2024-01-01 12:00:00.000001+00', 11)");
  }

  @AfterEach
  void tearDown() {
    session.close();
    engine.close();
  }

  private void entities(String rows) {
    session.execute("CREATE OR REPLACE TABLE ents AS SELECT * FROM (VALUES " + rows
        + ") v(user_id, item_id, event_timestamp, label)");
  }

  private List<List<Object>> build(String features, boolean full, String out) {
    List<FeatureRef> refs = Arrays.stream(features.split(",")).map(FeatureRef::parse).toList();
    TrainingSetResult r = TrainingSets.build(project, session, null,
        new TrainingSetRequest(null, "ents", refs, null, dir.resolve(out), null, full));
    assertThat(Files.exists(dir.resolve(out))).isTrue();
    String read = out.endsWith(".csv") ? "read_csv('" + dir.resolve(out) + "')" : "read_parquet('" + dir.resolve(out) + "')";
    var q = session.query("SELECT * FROM " + read);
    assertThat(q.columns()).isEqualTo(r.columns());
    assertThat(r.rows()).isEqualTo(q.rows().size());
    return q.rows();
  }

  private static List<Object> column(List<List<Object>> rows, int i) {
    List<Object> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.get(i)));
    return out;
  }

  @Test
  void neverUsesAValueFromAfterTheEntityTimeAndHonoursTtlEdgesAndCreatedTies() {
    entities("(5, 'x', " + T + ", 'l1'), (1, 'x', " + T + ", 'l2'), (2, 'x', " + T + ", 'l3'), (3, 'x', " + T
        + ", 'l4'), (4, 'x', " + T + ", 'l5'), (6, 'x', " + T + ", 'l6'), (NULL, 'x', " + T + ", 'l7'), "
        + "(1, 'x', " + T + ", 'l8'), (1, 'x', " + T + " - INTERVAL 1 MICROSECOND, 'l9'), (1, 'x', NULL, 'l10'), "
        + "(7, 'x', " + T + ", 'l11')");
    List<List<Object>> rows = build("stats:f1,stats:f2,lifetime:f1", true, "ts.parquet");
    // input order and duplicates kept, input columns pass through
    assertThat(column(rows, 3)).containsExactly("l1", "l2", "l3", "l4", "l5", "l6", "l7", "l8", "l9", "l10", "l11");
    // user 5: created decides; 1: the row at exactly t, never t+1µs; 2: nothing before t; 3: t-ttl inside;
    // 4: t-ttl-1µs outside the ttl (but the lifetime view has it); 6: no history; NULL key: nothing;
    // 1 at t-1µs: the row 30 min before; NULL entity time: nothing; 7: its only row has no event time
    assertThat(column(rows, 4)).containsExactly(6L, 2L, null, 3L, null, null, null, 2L, 1L, null, null);
    assertThat(column(rows, 5)).containsExactly(12L, 4L, null, 6L, null, null, null, 4L, 2L, null, null);
    assertThat(column(rows, 6)).containsExactly(6L, 2L, null, 3L, 4L, null, null, 2L, 1L, null, null);
  }

  @Test
  void joinsMultiKeyEntitiesAndServices() {
    entities("(1, 'a', " + T + ", 0), (1, 'b', " + T + ", 1), (1, 'a', " + T + " - INTERVAL 1 HOUR, 2), "
        + "(1, 'a', " + T + " - INTERVAL 1 HOUR - INTERVAL 1 MICROSECOND, 3), (2, 'a', " + T + ", 4), (1, NULL, " + T + ", 5)");
    TrainingSetResult r = TrainingSets.build(project, session, null,
        new TrainingSetRequest(null, "ents", List.of(), "churn", dir.resolve("svc.csv"), null, false));
    assertThat(r.columns()).containsExactly("user_id", "item_id", "event_timestamp", "label", "f1", "clicks");
    var rows = session.query("SELECT clicks, f1 FROM read_csv('" + dir.resolve("svc.csv") + "')").rows();
    // 'a' at 11:00 exactly counts; the 12:00:00.000001 row never does; (1,'b') has its own history
    assertThat(column(rows, 0)).containsExactly(10L, 20L, 10L, null, null, null);
    // stats has a 1 h ttl: at t - 1h user 1's only earlier row (t - 30 min) is in the future
    assertThat(column(rows, 1)).containsExactly(2L, 2L, null, null, null, 2L);
  }

  @Test
  void refusesClashingNamesNamingThem() {
    entities("(1, 'a', " + T + ", 0)");
    assertThatThrownBy(() -> build("stats:f1,lifetime:f1", false, "x.parquet"))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("'f1' (stats:f1 and lifetime:f1)").hasMessageContaining("--full-feature-names");
    session.execute("CREATE OR REPLACE TABLE ents AS SELECT 1 AS user_id, " + T + " AS event_timestamp, 0 AS f1");
    assertThatThrownBy(() -> build("stats:f1", false, "y.parquet"))
        .hasMessageContaining("'f1' (entity input column f1 and stats:f1)");
    assertThat(build("stats:f1", true, "z.parquet").get(0)).containsExactly(1, java.time.LocalDateTime.parse("2024-01-01T12:00"), 0, 2L);
  }

  @Test
  void refusesUnknownFeaturesAndMissingEntityColumns() {
    entities("(1, 'a', " + T + ", 0)");
    assertThatThrownBy(() -> build("stats:f9", false, "x.parquet")).hasMessageContaining("Cannot find feature 'f9' in view 'stats'");
    assertThatThrownBy(() -> build("stat:f1", false, "x.parquet")).hasMessageContaining("did you mean 'stats'");
    session.execute("CREATE OR REPLACE TABLE ents AS SELECT 1 AS uid, " + T + " AS event_timestamp");
    assertThatThrownBy(() -> build("stats:f1", false, "x.parquet"))
        .hasMessageContaining("no column 'user_id', the entity key of feature view 'stats'");
  }

  @Test
  void readsEntityRowsFromACsvFileInOrder() throws IOException {
    Path csv = dir.resolve("ents.csv");
    StringBuilder text = new StringBuilder("user_id,event_timestamp,label\n");
    for (int i = 0; i < 5000; i++) {
      text.append(i % 7).append(",2024-01-01 12:00:00,").append(i).append('\n');
    }
    Files.writeString(csv, text);
    TrainingSets.build(project, session, null, new TrainingSetRequest(csv, null,
        List.of(FeatureRef.parse("stats:f1")), null, dir.resolve("o.csv"), null, false));
    var rows = session.query("SELECT label, f1 FROM read_csv('" + dir.resolve("o.csv") + "')").rows();
    assertThat(rows).hasSize(5000);
    for (int i = 0; i < 5000; i++) {
      assertThat(((Number) rows.get(i).get(0)).intValue()).isEqualTo(i);
    }
    assertThat(rows.get(1).get(1)).isEqualTo(2L);
  }
}
