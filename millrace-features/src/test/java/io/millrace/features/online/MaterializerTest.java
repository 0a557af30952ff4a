package io.millrace.features.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.TableSchema;
import io.millrace.api.features.EntityKey;
import io.millrace.api.features.OnlineRow;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.EngineSession;
import io.millrace.core.project.ProjectLoader;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.lake.IcebergWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Materialization from a real Iceberg warehouse through DuckDB into a real RocksDB store. */
class MaterializerTest {
  static final Instant UNTIL = Instant.parse("2024-01-10T00:00:00Z");
  static final TableSchema SCHEMA = new TableSchema(List.of(new Column("user_id", LogicalType.BIGINT),
      new Column("ts", LogicalType.TIMESTAMP), new Column("created", LogicalType.TIMESTAMP),
      new Column("age", LogicalType.BIGINT), new Column("score", LogicalType.DOUBLE), new Column("name", LogicalType.VARCHAR)));
  @TempDir Path dir;
  ProjectSpec project;
  IcebergWarehouse wh;
  DuckDbEngine engine;
  EngineSession session;
  RocksDbOnlineStore store;
  final List<String> progress = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(dir.resolve("millrace.yaml"), "name: m\n");
    Files.createDirectories(dir.resolve("features"));
    Files.writeString(dir.resolve("features/f.yaml"), """
        views:
          users:
            entities: [user_id]
            source: user_rows
            timestamp: ts
            created: created
            ttl: 3d
            features: [age, name, {double_score: "score * 2"}]
            online: true
          offline:
            entities: [user_id]
            source: user_rows
            timestamp: ts
            features: [age]
        """);
    project = ProjectLoader.load(dir, Map.of());
    wh = IcebergWarehouse.open(dir.resolve("warehouse"));
    engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
    session = engine.session();
    store = RocksDbOnlineStore.open(project.onlineStore().path());
  }

  @AfterEach
  void tearDown() {
    store.close();
    session.close();
    engine.close();
    wh.close();
  }

  @Test
  void writesEachEntitysLatestRowWithinTtlAtUntil() {
    append("""
        (1, '2024-01-08 00:00:00', NULL, 30, 1.0, 'a'),
        (1, '2024-01-09 00:00:00', '2024-01-09 00:00:00', 31, 1.5, 'b'),
        (1, '2024-01-09 00:00:00', '2024-01-09 05:00:00', 32, 2.0, 'c'),
        (1, '2024-01-10 00:00:00.000001', NULL, 99, 9.0, 'future'),
        (2, '2024-01-07 00:00:00', NULL, 40, 0.5, NULL),
        (3, '2024-01-06 23:59:59.999999', NULL, 50, 0.1, 'old'),
        (4, '2024-01-10 00:00:00', NULL, 60, 0.2, 'exact'),
        (NULL, '2024-01-09 00:00:00', NULL, 70, 0.3, 'nokey')
        """);
    List<MaterializeResult> r = run(false);
    assertThat(r).singleElement().satisfies(m -> {
      assertThat(m.mode()).isEqualTo("full");
      assertThat(m.entities()).isEqualTo(3);
      assertThat(m.table()).isEqualTo("user_rows");
    });
    List<OnlineRow> rows = read(1, 2, 3, 4);
    // the greatest created among equal event times; never the row after until
    assertThat(rows.get(0).values()).containsEntry("age", 32L).containsEntry("name", "c").containsEntry("double_score", 4.0);
    assertThat(rows.get(0).eventTime()).isEqualTo(Instant.parse("2024-01-09T00:00:00Z"));
    // exactly until - ttl is inside; a microsecond older is not
    assertThat(rows.get(1).values()).containsEntry("age", 40L).containsEntry("name", null);
    assertThat(rows.get(2)).isNull();
    assertThat(rows.get(3).values()).containsEntry("name", "exact");
  }

  @Test
  void readsOnlyWhatChangedSinceTheLastRun() {
    append("(1, '2024-01-08 00:00:00', NULL, 30, 1.0, 'a'), (2, '2024-01-08 00:00:00', NULL, 40, 1.0, 'b'), "
        + "(3, '2024-01-11 00:00:00', NULL, 50, 1.0, 'after first until')");
    assertThat(run(false).get(0).entities()).isEqualTo(2);
    assertThat(store.marker("users")).isPresent();
    assertThat(run(false).get(0).mode()).as("nothing new").isEqualTo("unchanged");

    // a new file: user 1 moves on, user 2 gets an older row (kept out by the store), user 5 appears
    append("(1, '2024-01-09 00:00:00', NULL, 31, 1.0, 'a2'), (2, '2024-01-07 00:00:00', NULL, 1, 1.0, 'older'), "
        + "(5, '2024-01-09 12:00:00', NULL, 70, 1.0, 'new')");
    MaterializeResult inc = run(false).get(0);
    assertThat(inc.mode()).isEqualTo("incremental");
    assertThat(inc.entities()).as("only the entities of the new file").isEqualTo(3);
    List<OnlineRow> rows = read(1, 2, 3, 5);
    assertThat(rows.get(0).values()).containsEntry("name", "a2");
    assertThat(rows.get(1).values()).containsEntry("name", "b");
    assertThat(rows.get(2)).isNull();
    assertThat(rows.get(3).values()).containsEntry("name", "new");

    // a later until picks up old rows that were after the last until
    MaterializeResult later = Materializer.run(project, session, wh, store,
        new MaterializeRequest(List.of(), Instant.parse("2024-01-12T00:00:00Z"), false), progress::add).get(0);
    assertThat(later.mode()).isEqualTo("incremental");
    assertThat(later.entities()).isEqualTo(1);
    assertThat(read(3).get(0).values()).containsEntry("name", "after first until");

    assertThat(run(true).get(0).mode()).isEqualTo("full");
  }

  @Test
  void aChangedDefinitionReadsEverythingAgain() throws Exception {
    append("(1, '2024-01-08 00:00:00', NULL, 30, 1.0, 'a')");
    run(false);
    Files.writeString(dir.resolve("features/f.yaml"), Files.readString(dir.resolve("features/f.yaml"))
        .replace("score * 2", "score * 3"));
    project = ProjectLoader.load(dir, Map.of());
    assertThat(run(false).get(0).mode()).isEqualTo("full");
    assertThat(read(1).get(0).values()).containsEntry("double_score", 3.0);
  }

  @Test
  void refusesUnknownOfflineOrUnbuiltViews() {
    assertThatThrownBy(() -> Materializer.run(project, session, wh, store,
        new MaterializeRequest(List.of("usres"), UNTIL, false), progress::add))
        .hasMessageContaining("feature view 'usres'").hasMessageContaining("did you mean 'users'");
    assertThatThrownBy(() -> Materializer.run(project, session, wh, store,
        new MaterializeRequest(List.of("offline"), UNTIL, false), progress::add))
        .hasMessageContaining("not marked 'online: true'").hasMessageContaining("features/f.yaml");
    assertThatThrownBy(() -> run(false)).hasMessageContaining("table 'user_rows' is not in the warehouse")
        .hasMessageContaining("feature view 'users'");
  }

  private List<MaterializeResult> run(boolean full) {
    return Materializer.run(project, session, wh, store, new MaterializeRequest(List.of(), UNTIL, full), progress::add);
  }

  private List<OnlineRow> read(long... ids) {
    List<EntityKey> keys = new ArrayList<>();
    for (long id : ids) {
      keys.add(EntityKey.of(id));
    }
    return store.read("users", keys);
  }

  private void append(String rows) {
    Path file = wh.newDataFile("user_rows");
    session.writeParquet("SELECT user_id::BIGINT AS user_id, ts::TIMESTAMP AS ts, created::TIMESTAMP AS created, "
        + "age::BIGINT AS age, score::DOUBLE AS score, name::VARCHAR AS name FROM (VALUES " + rows
        + ") v(user_id, ts, created, age, score, name)", file, wh.fieldIds("user_rows", SCHEMA));
    wh.commit(new CommitRequest("user_rows", SCHEMA, List.of(file), CommitRequest.Mode.APPEND, null, Map.of()));
  }
}
