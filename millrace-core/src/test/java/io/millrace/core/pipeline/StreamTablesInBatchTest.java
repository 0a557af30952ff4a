package io.millrace.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.Column;
import io.millrace.api.ErrorKind;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.EngineSession;
import io.millrace.core.plan.Binder;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.PlanPrinter;
import io.millrace.core.project.ProjectLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch models reading the tables a stream job writes: the plan knows them (STREAM nodes, names
 * reserved), a run reads their latest committed snapshot and refuses to start before the job wrote
 * them. The tables are committed here as the stream job's lake sink commits them (Parquet files in
 * APPEND commits); {@code StreamTablesInBatchTest} in the CLI module runs a real replay first.
 */
class StreamTablesInBatchTest {
  private static final String JOB = """
      topic: user_events
      key: user_id
      event_time: timestamp
      fields: {user_id: bigint, event_type: string, amount: double, timestamp: timestamp}
      features:
        aggregates: {event_count: count}
      windows:
        per_minute: {group_by: user_id, tumbling: 1m, aggregates: {views: count}}
      """;
  private static final TableSchema EVENTS = new TableSchema(List.of(new Column("user_id", LogicalType.BIGINT),
      new Column("event_type", LogicalType.VARCHAR), new Column("amount", LogicalType.DOUBLE),
      new Column("timestamp", LogicalType.TIMESTAMP), new Column("_partition", LogicalType.INTEGER),
      new Column("_offset", LogicalType.BIGINT)));

  @TempDir Path dir;
  Fixture f;

  @BeforeEach
  void open() throws IOException {
    f = new Fixture(dir);
    write("data/users.csv", "user_id,name\n1,ann\n2,bob\n");
    write("streams/user_events.yaml", JOB);
    write("models/purchases.sql", """
        SELECT u.name, count(*) AS purchases, sum(e.amount) AS total
        FROM user_events_events e JOIN users u USING (user_id)
        WHERE e.event_type = 'purchase' GROUP BY u.name
        """);
  }

  @AfterEach
  void close() {
    f.close();
  }

  private void write(String relative, String text) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private ProjectSpec project(String extra) throws IOException {
    write("millrace.yaml", "name: shop\nsources:\n  users: {path: data/users.csv}\n" + extra);
    return ProjectLoader.load(dir, Map.of(), n -> null);
  }

  private Plan plan(String extra) throws IOException {
    return Binder.bind(project(extra), f.engine, Map.of());
  }

  /** Appends events as the stream job's lake sink does: one Parquet file per commit. */
  private void commitEvents(String values) {
    Path file = f.warehouse.newDataFile("user_events_events");
    try (EngineSession s = f.engine.session()) {
      s.writeParquet("SELECT user_id::BIGINT AS user_id, event_type, amount::DOUBLE AS amount, "
          + "ts::TIMESTAMP AS \"timestamp\", 0 AS _partition, row_number() OVER ()::BIGINT AS _offset "
          + "FROM (VALUES " + values + ") t(user_id, event_type, amount, ts)",
          file, f.warehouse.fieldIds("user_events_events", EVENTS));
    }
    f.warehouse.commit(new CommitRequest("user_events_events", EVENTS, List.of(file), CommitRequest.Mode.APPEND,
        null, Map.of("millrace.stream.topic", "user_events")));
  }

  @Test
  void planShowsTheModelReadingTheStreamJobsTable() throws IOException {
    Plan plan = plan("");
    assertThat(plan.node("user_events_events").kind()).isEqualTo(NodeKind.STREAM);
    assertThat(plan.node("purchases").upstream()).containsExactlyInAnyOrder("user_events_events", "users");
    assertThat(plan.levels().get(0)).contains("user_events_events", "users");
    assertThat(plan.nodes()).extracting(n -> n.name()).doesNotContain("user_events_features", "user_events_per_minute");
    String text = PlanPrinter.print(plan);
    assertThat(text).contains("user_events_events (stream table of job user_events)")
        .contains("user_events_events <- stream job user_events (millrace stream; read at its latest commit)")
        .contains("purchases <- user_events_events, users");
  }

  @Test
  void exportsAndModelsMayReadFeatureAndWindowTables() throws IOException {
    write("models/active.sql", "SELECT user_id FROM user_events_features WHERE event_count > 1");
    Plan plan = plan("exports:\n  - {table: user_events_per_minute, format: csv, path: out/w.csv}\n");
    assertThat(plan.node("user_events_features").kind()).isEqualTo(NodeKind.STREAM);
    assertThat(plan.node("user_events_per_minute").kind()).isEqualTo(NodeKind.STREAM);
    assertThat(plan.node("export:user_events_per_minute:0").upstream()).containsExactly("user_events_per_minute");
  }

  @Test
  void planChecksModelSqlAgainstTheDeclaredEventsAndWindowColumns() throws IOException {
    write("models/purchases.sql", "SELECT amout FROM user_events_events");
    assertThatThrownBy(() -> plan(""))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessageContaining("Cannot plan model 'purchases' (models/purchases.sql)").hasMessageContaining("amout");
    write("models/purchases.sql", "SELECT user_id, views, epoch(window_end) - epoch(window_start) AS width FROM user_events_per_minute");
    Plan plan = plan("");
    assertThat(plan.node("purchases").schema().names()).containsExactly("user_id", "views", "width");
    assertThat(plan.node("user_events_per_minute").schema().names())
        .containsExactly("user_id", "window_start", "window_end", "views");
  }

  @Test
  void modelsReadingTheFeaturesTableAreCheckedWhenTheyRun() throws IOException {
    write("models/purchases.sql", "SELECT no_such_feature FROM user_events_features");
    Plan plan = plan("");
    assertThat(plan.node("user_events_features").schema()).isNull();
    assertThat(plan.node("purchases").schema()).isNull();
  }

  @Test
  void aProjectWhoseModelsReadNoStreamTableHasNoStreamNodes() throws IOException {
    write("models/purchases.sql", "SELECT * FROM users");
    Plan plan = plan("");
    assertThat(plan.nodes()).extracting(n -> n.kind()).doesNotContain(NodeKind.STREAM);
  }

  @Test
  void refusesAModelNamedLikeAStreamTable() throws IOException {
    write("models/user_events_features.sql", "SELECT 1 AS x");
    assertThatThrownBy(() -> plan(""))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage("Cannot plan model 'user_events_features' (models/user_events_features.sql): the name "
            + "'user_events_features' is reserved for a table that stream job 'user_events' writes "
            + "(streams/user_events.yaml writes user_events_events, user_events_features, user_events_per_minute); "
            + "rename one of them");
  }

  @Test
  void refusesASourceNamedLikeAStreamTableInAnyCase() throws IOException {
    write("data/e.csv", "a\n1\n");
    assertThatThrownBy(() -> plan("  User_Events_Per_Minute: {path: data/e.csv}\n"))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("Cannot plan source 'User_Events_Per_Minute' (millrace.yaml)")
        .hasMessageContaining("reserved for a table that stream job 'user_events' writes");
  }

  @Test
  void refusesToRunBeforeTheStreamJobWroteTheTableAndMovesNothing() throws IOException {
    Plan plan = plan("");
    assertThatThrownBy(() -> f.runner().run(plan, RunOptions.manual()))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage("Cannot run project 'shop': it reads stream tables not written yet: 'user_events_events' of job "
            + "'user_events' (read by purchases); run `millrace stream " + dir + " --job user_events` "
            + "first (or `--replay N` to try it on generated events)");
    assertThat(f.warehouse.tables()).isEmpty();
    assertThat(f.store.runs("shop", 10)).isEmpty();
  }

  @Test
  void eachRunReadsTheLatestCommittedSnapshot() throws IOException {
    Plan plan = plan("");
    commitEvents("(1, 'purchase', 10.5, '2025-01-15 10:00:00'), (1, 'click', NULL, '2025-01-15 10:01:00'), "
        + "(2, 'purchase', 4.0, '2025-01-15 10:02:00')");
    RunSummary first = f.runner().run(plan, RunOptions.manual());
    assertThat(first.run().state()).as(first.toString()).isEqualTo(RunState.SUCCESS);
    assertThat(f.rows("purchases", "name")).containsExactly(List.of("ann", 1L, 10.5), List.of("bob", 1L, 4.0));
    long read = f.snapshot("user_events_events");
    assertThat(first.nodes()).filteredOn(n -> n.node().equals("user_events_events"))
        .singleElement().satisfies(n -> {
          assertThat(n.kind()).isEqualTo(NodeKind.STREAM);
          assertThat(n.snapshotId()).isEqualTo(read);
          assertThat(n.rowsIn()).isEqualTo(3);
        });
    assertThat(first.run().rowsOut()).isEqualTo(2 + 2);   // users and purchases; reading the stream table adds none

    commitEvents("(2, 'purchase', 6.0, '2025-01-15 11:00:00')");
    RunSummary second = f.runner().run(plan, RunOptions.manual());
    assertThat(second.run().state()).isEqualTo(RunState.SUCCESS);
    assertThat(f.rows("purchases", "name")).containsExactly(List.of("ann", 1L, 10.5), List.of("bob", 2L, 10.0));
  }
}
