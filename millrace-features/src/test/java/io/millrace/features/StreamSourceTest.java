package io.millrace.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.TableSchema;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.EngineSession;
import io.millrace.core.project.ProjectLoader;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.lake.IcebergWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code source: stream:<job>} reads the job's {@code <job>_features} table in a real Iceberg
 * warehouse: each snapshot (the lake sink replaces an entity's row on every commit) holds the
 * features as of their {@code _event_time}, and the snapshots together are the history.
 */
class StreamSourceTest {
  @TempDir Path dir;

  @Test
  void joinsAStreamJobsFeatureHistoryPointInTime() throws Exception {
    Files.writeString(dir.resolve("millrace.yaml"), "name: s\n");
    Files.createDirectories(dir.resolve("streams"));
    Files.writeString(dir.resolve("streams/clicks.yaml"), """
        topic: clicks
        key: user_id
        event_time: ts
        fields: {user_id: bigint, ts: timestamp, amount: double}
        features:
          aggregates:
            event_count: count
            total: sum(amount)
        """);
    Files.createDirectories(dir.resolve("features"));
    Files.writeString(dir.resolve("features/f.yaml"), """
        views:
          live:
            entities: [user_id]
            source: stream:clicks
            ttl: 2h
            features: [event_count, {avg_amount: "total / event_count"}]
        """);
    ProjectSpec project = ProjectLoader.load(dir, Map.of());
    assertThat(project.features().views().get("live").timestamp()).isEqualTo("_event_time");
    try (IcebergWarehouse wh = IcebergWarehouse.open(dir.resolve("warehouse"));
         DuckDbEngine engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
         EngineSession session = engine.session()) {
      session.execute("CREATE TABLE ents AS SELECT * FROM (VALUES "
          + "(1, TIMESTAMP '2024-01-01 09:59:59.999999'), (1, TIMESTAMP '2024-01-01 10:00:00'), "
          + "(1, TIMESTAMP '2024-01-01 10:59:59'), (1, TIMESTAMP '2024-01-01 11:00:00'), "
          + "(2, TIMESTAMP '2024-01-01 11:00:00'), (2, TIMESTAMP '2024-01-01 11:00:00.000001'), "
          + "(3, TIMESTAMP '2024-01-01 11:00:00')) v(user_id, event_timestamp)");
      List<FeatureRef> refs = List.of(FeatureRef.parse("live"));
      assertThatThrownBy(() -> TrainingSets.build(project, session, wh, new TrainingSetRequest(null, "ents", refs, null,
          dir.resolve("x.csv"), null, false))).hasMessageContaining("table clicks_features does not exist yet");
      TableSchema schema = new TableSchema(List.of(new Column("user_id", LogicalType.BIGINT),
          new Column("event_count", LogicalType.BIGINT), new Column("total", LogicalType.DOUBLE),
          new Column("_event_time", LogicalType.TIMESTAMPTZ)));
      // commit 1: users 1 and 2; commit 2 replaces the table: user 1 moved on, user 2 unchanged
      commit(wh, session, schema, "(1, 1, 10.0, TIMESTAMPTZ '2024-01-01 10:00:00+00'), "
          + "(2, 1, 4.0, TIMESTAMPTZ '2024-01-01 09:00:00+00')");
      commit(wh, session, schema, "(1, 3, 60.0, TIMESTAMPTZ '2024-01-01 11:00:00+00'), "
          + "(2, 1, 4.0, TIMESTAMPTZ '2024-01-01 09:00:00+00')");
      TrainingSetResult r = TrainingSets.build(project, session, wh, new TrainingSetRequest(null, "ents", refs, null,
          dir.resolve("out.parquet"), null, false));
      assertThat(r.columns()).containsExactly("user_id", "event_timestamp", "event_count", "avg_amount");
      var rows = session.query("SELECT event_count, avg_amount FROM read_parquet('" + r.out() + "')").rows();
      List<Object> counts = new ArrayList<>();
      List<Object> avgs = new ArrayList<>();
      rows.forEach(row -> {
        counts.add(row.get(0));
        avgs.add(row.get(1));
      });
      // the first commit's row for user 1 is history now, and still answers for 10:00 to 11:00;
      // user 2's 09:00 row is exactly 2 h old at 11:00 (inside) and 1 µs too old after
      assertThat(counts).containsExactly(null, 1L, 1L, 3L, 1L, null, null);
      assertThat(avgs).containsExactly(null, 10.0, 10.0, 20.0, 4.0, null, null);
    }
  }

  private static void commit(IcebergWarehouse wh, EngineSession session, TableSchema schema, String rows) {
    Path file = wh.newDataFile("clicks_features");
    session.writeParquet("SELECT user_id::BIGINT AS user_id, event_count::BIGINT AS event_count, total::DOUBLE AS total, "
        + "_event_time FROM (VALUES " + rows + ") v(user_id, event_count, total, _event_time)", file,
        wh.fieldIds("clicks_features", schema));
    wh.commit(new CommitRequest("clicks_features", schema, List.of(file), CommitRequest.Mode.OVERWRITE, null, Map.of()));
  }
}
