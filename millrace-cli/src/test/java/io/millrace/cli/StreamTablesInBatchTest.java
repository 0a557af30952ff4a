package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch model reading the tables a stream job wrote, end to end on the embedded broker, Iceberg and
 * DuckDB: the plan shows the dependency, a run before the job wrote them is refused (exit 2) naming
 * the command to run, and after {@code millrace stream --replay} the run reads what the job committed.
 * The stream run is in {@code millrace runs} with its counts.
 */
class StreamTablesInBatchTest {
  @TempDir Path dir;

  @Test
  void batchModelsReadWhatAStreamReplayCommitted() throws Exception {
    Path p = project();
    String project = p.toString();

    CliRun plan = CliRun.of("plan", project);
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out()).contains("user_events_events (stream table of job user_events)")
        .contains("user_events_features (stream table of job user_events)")
        .contains("purchases_by_user <- user_events_events")
        .contains("event_counts <- user_events_features");

    CliRun early = CliRun.of("run", project);
    assertThat(early.exitCode()).as(early.toString()).isEqualTo(2);
    assertThat(early.err()).contains("Cannot run project 'shop': it reads stream tables not written yet: ")
        .contains("'user_events_events' of job 'user_events' (read by purchases_by_user)")
        .contains("'user_events_features' of job 'user_events' (read by event_counts)")
        .contains("; run `millrace stream " + p + " --job user_events` first");

    CliRun replay = CliRun.of("stream", project, "--job", "user_events", "--replay", "600", "--users", "40",
        "--format", "json");
    assertThat(replay.exitCode()).as(replay.toString()).isZero();
    JsonNode summary = new ObjectMapper().readTree(replay.out());
    long valid = summary.get("valid").asLong();
    assertThat(valid).isEqualTo(570);

    CliRun run = CliRun.of("run", project);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    long purchases = scalar(project, "SELECT count(*) FROM user_events_events WHERE event_type = 'purchase'");
    assertThat(purchases).isPositive();
    assertThat(scalar(project, "SELECT sum(purchases) FROM purchases_by_user")).isEqualTo(purchases);
    assertThat(scalar(project, "SELECT count(*) FROM purchases_by_user p JOIN (SELECT user_id, sum(amount) AS s "
        + "FROM user_events_events WHERE event_type = 'purchase' GROUP BY user_id) e USING (user_id) "
        + "WHERE p.spent = e.s")).isEqualTo(scalar(project, "SELECT count(*) FROM purchases_by_user"));
    assertThat(scalar(project, "SELECT sum(event_count) FROM event_counts")).isEqualTo(valid);

    CliRun runs = CliRun.of("runs", project);
    String streamRun = runs.out().lines().filter(l -> l.contains(summary.get("run_id").asText())).findFirst()
        .orElseThrow(() -> new AssertionError(runs.toString()));
    assertThat(streamRun.trim().split("\\s+")).contains("stream", "success", "600",
        String.valueOf(summary.get("outputs").asLong()), String.valueOf(summary.get("dead_lettered").asLong()));
  }

  private Path project() throws Exception {
    Path p = dir.resolve("shop");
    Path recsys = Path.of("..", "examples", "recsys").toAbsolutePath().normalize();
    Files.createDirectories(p.resolve("streams"));
    Files.createDirectories(p.resolve("checks"));
    Files.createDirectories(p.resolve("models"));
    Files.copy(recsys.resolve("streams/user_events.yaml"), p.resolve("streams/user_events.yaml"));
    Files.copy(recsys.resolve("checks/user_events.yaml"), p.resolve("checks/user_events.yaml"));
    Files.writeString(p.resolve("millrace.yaml"), "name: shop\n");
    Files.writeString(p.resolve("models/purchases_by_user.sql"), """
        SELECT user_id, count(*) AS purchases, sum(amount) AS spent
        FROM user_events_events WHERE event_type = 'purchase' GROUP BY user_id
        """);
    Files.writeString(p.resolve("models/event_counts.sql"), "SELECT user_id, event_count FROM user_events_features");
    return p;
  }

  private long scalar(String project, String sql) {
    CliRun r = CliRun.of("sql", project, "--format", "csv", sql);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Long.parseLong(r.out().lines().skip(1).findFirst().orElseThrow().trim());
  }
}
