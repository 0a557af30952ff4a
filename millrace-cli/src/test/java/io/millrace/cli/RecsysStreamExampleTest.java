package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code millrace stream examples/recsys --replay N} end to end on the embedded broker: both stream
 * jobs, every event accounted for, dead letters equal to the invalid events injected, lake tables
 * queryable, the run recorded, features and capacity commands answering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecsysStreamExampleTest {
  Path project;
  CliRun replay;
  JsonNode users;
  JsonNode viewing;

  @BeforeAll
  void replay(@TempDir Path dir) throws Exception {
    project = CliRun.copyExample("recsys", dir);
    replay = CliRun.of("stream", project.toString(), "--replay", "2000", "--invalid-fraction", "0.05", "--users", "100",
        "--format", "json");
    if (replay.exitCode() == 0) {
      JsonNode all = new ObjectMapper().readTree(replay.out());
      users = all.get(0).get("job").asText().equals("user_events") ? all.get(0) : all.get(1);
      viewing = all.get(0).get("job").asText().equals("viewing") ? all.get(0) : all.get(1);
    }
  }

  @Test
  void everyEventIsValidOrDeadLetteredWithTheInjectedCount() {
    assertThat(replay.exitCode()).as(replay.toString()).isZero();
    for (JsonNode s : new JsonNode[] {users, viewing}) {
      assertThat(s.get("events_in").asLong()).isEqualTo(2000);
      assertThat(s.get("invalid_injected").asLong()).isEqualTo(100);
      assertThat(s.get("dead_lettered").asLong()).as(s.toString()).isEqualTo(100);
      assertThat(s.get("valid").asLong()).isEqualTo(1900);
      assertThat(s.get("throughput_eps").asDouble()).isPositive();
    }
    assertThat(users.get("outputs").asLong()).isEqualTo(1900);
    assertThat(users.get("latency_p99_ms").asDouble()).isGreaterThanOrEqualTo(users.get("latency_p50_ms").asDouble());
  }

  @Test
  void validEventsAndFinalFeaturesAreWarehouseTables() {
    assertThat(scalar("SELECT count(*) FROM user_events_events")).isEqualTo(1900);
    assertThat(scalar("SELECT count(*) FROM viewing_events")).isEqualTo(1900);
    assertThat(scalar("SELECT count(*) - count(DISTINCT user_id) FROM user_events_features")).isZero();
    assertThat(scalar("SELECT sum(event_count) FROM user_events_features")).isEqualTo(1900);
    assertThat(scalar("SELECT count(*) FROM user_events_features WHERE avg_value_per_event <> "
        + "coalesce(total_value, 0) / greatest(event_count, 1)")).isZero();
  }

  @Test
  void windowsClosedBeforeTheEndAreInTheirTable() {
    assertThat(scalar("SELECT count(*) FROM viewing_per_minute")).isPositive();
    assertThat(scalar("SELECT count(*) FROM viewing_per_minute WHERE views < 1 OR window_end - window_start <> INTERVAL 1 MINUTE"))
        .isZero();
  }

  @Test
  void featuresAndCapacityAndRunsAnswer() {
    String key = String.valueOf(scalar("SELECT min(user_id) FROM user_events_features"));
    CliRun f = CliRun.of("features", project.toString(), key, "--job", "user_events");
    assertThat(f.exitCode()).as(f.toString()).isZero();
    assertThat(f.out()).contains("event_count").contains("avg_value_per_event");
    CliRun c = CliRun.of("capacity", project.toString(), "--job", "user_events", "--target-wait", "50ms");
    assertThat(c.exitCode()).as(c.toString()).isZero();
    assertThat(c.out()).contains("utilisation ρ").contains("instance(s)");
    CliRun runs = CliRun.of("runs", project.toString());
    assertThat(runs.out()).contains("stream");
    // the latest run's figures the console's streams page shows
    try (var ctx = io.millrace.cli.internal.ProjectContext.inspect(project, java.util.Map.of())) {
      var streams = new io.millrace.cli.internal.ConsoleSource(ctx, null).streams();
      var s = streams.stream().filter(j -> j.job().equals("user_events")).findFirst().orElseThrow();
      assertThat(s.eventsIn()).isPositive();
      assertThat(s.deadLetters()).isNotNull();
      assertThat(s.latencyP50Ms()).isNotNull().isLessThanOrEqualTo(s.latencyP99Ms());
    }
  }

  /** What `millrace plan` checks models against is what the lake sink commits. */
  @Test
  void declaredSchemasOfEventsAndWindowTablesAreTheCommittedOnes() {
    var spec = io.millrace.core.project.ProjectLoader.load(project, java.util.Map.of());
    try (var warehouse = io.millrace.lake.IcebergWarehouse.open(spec.warehouse())) {
      for (var job : spec.streams().values()) {
        for (String table : job.tables()) {
          job.declaredSchema(table).ifPresent(declared -> assertThat(columns(warehouse.schema(table).orElseThrow()))
              .as(table).isEqualTo(columns(declared)));
        }
      }
    }
  }

  private static java.util.List<String> columns(io.millrace.api.TableSchema schema) {
    return schema.columns().stream().map(c -> c.name() + " " + c.type()).toList();
  }

  private long scalar(String sql) {
    CliRun r = CliRun.of("sql", project.toString(), "--format", "csv", sql);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Long.parseLong(r.out().lines().skip(1).findFirst().orElseThrow().trim());
  }
}
