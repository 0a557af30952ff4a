package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code millrace plan} with feature views, and {@code millrace training-set} through the real command. */
class TrainingSetCommandTest {
  @TempDir Path dir;

  private Path project(String features) throws Exception {
    Path p = dir.resolve("p");
    Files.createDirectories(p.resolve("features"));
    Files.createDirectories(p.resolve("models"));
    Files.writeString(p.resolve("stats.csv"), """
        user_id,event_ts,created_ts,f1
        1,2024-01-01 11:30:00,2024-01-01 11:30:00,1
        1,2024-01-01 12:00:00,2024-01-01 12:00:00,2
        1,2024-01-01 12:00:00.000001,2024-01-01 12:00:00,99
        2,2024-01-01 10:59:59.999999,2024-01-01 10:00:00,3
        3,2024-01-01 11:00:00,2024-01-01 11:00:00,4
        3,2024-01-01 11:00:00,2024-01-01 11:00:01,5
        """);
    Files.writeString(p.resolve("millrace.yaml"), """
        name: fs
        sources:
          stat_rows:
            format: csv
            path: stats.csv
            columns: {user_id: bigint, event_ts: timestamp, created_ts: timestamp, f1: bigint}
        """);
    Files.writeString(p.resolve("models/user_stats.sql"), "select user_id, event_ts, created_ts, f1 * 10 as f10 from stat_rows where f1 <> 4");
    Files.writeString(p.resolve("features/users.yaml"), features);
    return p;
  }

  private static final String VIEWS = """
      views:
        stats:
          entities: [user_id]
          source: stat_rows
          timestamp: event_ts
          created: created_ts
          ttl: 1h
          features: [f1, {f2: "f1 * 2"}]
          online: true
        tens:
          entities: [user_id]
          source: user_stats
          timestamp: event_ts
          features: [f10]
      services:
        churn: [stats:f1, tens]
      """;

  @Test
  void buildsAPointInTimeTrainingSetThroughTheCommand() throws Exception {
    Path p = project(VIEWS);
    CliRun plan = CliRun.of("plan", p.toString());
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out()).contains("feature views (2):",
        "stats  entities [user_id]  source stat_rows  timestamp event_ts  created created_ts  ttl 1h  online",
        "features: f1, f2 = f1 * 2", "feature services (1):", "churn: stats:f1, tens");
    CliRun run = CliRun.of("run", p.toString(), "--quiet");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Path ents = dir.resolve("ents.csv");
    Files.writeString(ents, """
        user_id,event_timestamp,label
        3,2024-01-01 12:00:00,a
        1,2024-01-01 12:00:00,b
        2,2024-01-01 12:00:00,c
        1,2024-01-01 11:59:59.999999,d
        9,2024-01-01 12:00:00,e
        1,2024-01-01 12:00:00,f
        """);
    Path out = dir.resolve("out/train.csv");
    CliRun r = CliRun.of("training-set", p.toString(), "--entities", ents.toString(), "--service", "churn",
        "--out", out.toString(), "--full-feature-names");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("wrote 6 rows x 5 columns");
    // 3: the tie at 11:00 goes to the later created; 1: the row at exactly t, never t + 1 µs;
    // 2: its row is 1 µs older than t - ttl (the view without ttl has it); 9: no history
    assertThat(Files.readAllLines(out)).containsExactly(
        "user_id,event_timestamp,label,stats__f1,tens__f10",
        "3,2024-01-01 12:00:00,a,5,50",
        "1,2024-01-01 12:00:00,b,2,20",
        "2,2024-01-01 12:00:00,c,,30",
        "1,2024-01-01 11:59:59.999999,d,1,10",
        "9,2024-01-01 12:00:00,e,,",
        "1,2024-01-01 12:00:00,f,2,20");

    // the entity rows as a warehouse table, Parquet out, named features
    CliRun fromTable = CliRun.of("training-set", p.toString(), "--entities", "stat_rows", "--features", "stats:f2",
        "--timestamp-column", "event_ts", "--out", dir.resolve("t.parquet").toString());
    assertThat(fromTable.exitCode()).as(fromTable.toString()).isZero();
    assertThat(fromTable.out()).contains("wrote 6 rows x 5 columns", "columns: user_id, event_ts, created_ts, f1, f2");

    CliRun clash = CliRun.of("training-set", p.toString(), "--entities", ents.toString(), "--features", "stats:f1,stats",
        "--out", dir.resolve("x.csv").toString(), "--timestamp-column", "event_timestamp");
    assertThat(clash.exitCode()).isZero();   // stats:f1 listed twice is one column
    CliRun missing = CliRun.of("training-set", p.toString(), "--entities", ents.toString(), "--features", "stats:nope",
        "--out", dir.resolve("x.csv").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("Cannot find feature 'nope' in view 'stats'");
  }

  @Test
  void planRefusesViewsNamingMissingTablesColumnsOrJobsWithFileAndLine() throws Exception {
    for (List<String> c : List.of(
        List.of("source: stat_rows", "source: stat_row", "features/users.yaml:3:5: feature view 'stats': source 'stat_row' "
            + "is not a table or model of the project; did you mean 'stat_rows'?"),
        List.of("features: [f1, {f2: \"f1 * 2\"}]", "features: [f1, fx]", "feature column 'fx' is not a column of stat_rows"),
        List.of("timestamp: event_ts\n    created", "timestamp: event_tz\n    created", "timestamp column 'event_tz'"),
        List.of("source: stat_rows", "source: stream:clicks", "source 'stream:clicks' names no stream job of the project"),
        List.of("{f2: \"f1 * 2\"}", "{f2: \"f1 * nope\"}", "feature 'f2: f1 * nope' does not bind"),
        List.of("ttl: 1h", "ttl: 1 hour", "features/users.yaml:7:10"))) {
      Path p = project(VIEWS.replace(c.get(0), c.get(1)));
      CliRun plan = CliRun.of("plan", p.toString());
      assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
      assertThat(plan.err()).contains(c.get(2));
      deleteTree(p);
    }
  }

  private static void deleteTree(Path p) throws Exception {
    try (var files = Files.walk(p)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
