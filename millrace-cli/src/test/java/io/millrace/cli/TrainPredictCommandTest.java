package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code millrace plan}, {@code train} and {@code predict} through the real commands, on a project whose
 * warehouse tables change between trainings: a retrain of a version reads that version's snapshots.
 */
class TrainPredictCommandTest {
  private static final LocalDateTime T0 = LocalDateTime.of(2024, 1, 1, 0, 0);
  @TempDir Path dir;

  /** Users with two features; the label follows f1 + 0.5 * f2 plus noise. */
  private static void data(Path p, int from, int to) throws Exception {
    Random rnd = new Random(42 + from);
    StringBuilder users = new StringBuilder("user_id,ts,f1,f2\n");
    StringBuilder labels = new StringBuilder("user_id,event_timestamp,label\n");
    for (int i = from; i < to; i++) {
      double f1 = rnd.nextDouble();
      double f2 = rnd.nextDouble();
      String ts = T0.plusMinutes(i).toString().replace('T', ' ');
      users.append(i).append(',').append(ts).append(":00,").append(f1).append(',').append(f2).append('\n');
      int label = f1 + 0.5 * f2 + 0.3 * (rnd.nextDouble() - 0.5) > 0.8 ? 1 : 0;
      labels.append(i).append(',').append(ts).append(":00,").append(label).append('\n');
    }
    Files.writeString(p.resolve("users.csv"), users);
    Files.writeString(p.resolve("labels.csv"), labels);
  }

  private Path project() throws Exception {
    Path p = dir.resolve("p");
    Files.createDirectories(p.resolve("features"));
    Files.createDirectories(p.resolve("predictors"));
    data(p, 0, 1000);
    Files.writeString(p.resolve("millrace.yaml"), """
        name: tp
        sources:
          user_rows: {format: csv, path: users.csv, columns: {user_id: bigint, ts: timestamp, f1: double, f2: double}}
          labels: {format: csv, path: labels.csv, columns: {user_id: bigint, event_timestamp: timestamp, label: integer}}
        """);
    Files.writeString(p.resolve("features/u.yaml"), """
        views:
          u:
            entities: [user_id]
            source: user_rows
            timestamp: ts
            features: [f1, f2]
        """);
    Files.writeString(p.resolve("predictors/buy.yaml"), """
        name: buy
        training_set: {entities: labels, features: [u:f1, u:f2]}
        label: label
        task: classification
        algorithm: xgboost
        split: {by: event_timestamp, test_fraction: 0.25}
        params: {max_depth: 3, rounds: 30}
        rules:
          - {name: f1_high, when: "f1 > 0.97", reason: "f1 above 0.97", decision: block}
        decisions: {block: "score >= 0.9", review: "score >= 0.5", approve: "true"}
        """);
    return p;
  }

  private static JsonNode trainJson(Path p, String... extra) throws Exception {
    String[] args = new String[4 + extra.length + 2];
    System.arraycopy(new String[] {"train", p.toString(), "--predictor", "buy"}, 0, args, 0, 4);
    System.arraycopy(extra, 0, args, 4, extra.length);
    args[args.length - 2] = "--format";
    args[args.length - 1] = "json";
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void trainsPredictsAndRetrainsFromTheStoredSnapshots() throws Exception {
    Path p = project();
    CliRun plan = CliRun.of("plan", p.toString());
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out()).contains("predictors (1):", "buy  classification xgboost  label label  entities labels",
        "latest untrained", "features: u:f1, u:f2", "rules: f1_high  decisions: block > review > approve");
    assertThat(CliRun.of("run", p.toString(), "--quiet").exitCode()).isZero();

    JsonNode v1 = trainJson(p);
    assertThat(v1.get("version").asText()).isEqualTo("v1");
    assertThat(v1.get("metrics").get("auc").asDouble()).isGreaterThan(0.85);
    assertThat(v1.get("metrics").get("confusion_matrix").get("tp").asInt()).isPositive();
    assertThat(v1.get("test_rows").asInt()).isEqualTo(250);
    assertThat(Path.of(v1.get("artifact").asText()).resolve("manifest.json")).exists();

    CliRun table = CliRun.of("train", p.toString(), "--predictor", "buy");
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out()).contains("trained buy v2", "auc", "log_loss", "artifact: ");

    // the tables change: a fresh training sees more rows; a retrain of v1 reads v1's snapshots
    data(p, 0, 1600);
    assertThat(CliRun.of("run", p.toString(), "--quiet").exitCode()).isZero();
    JsonNode fresh = trainJson(p);
    assertThat(fresh.get("test_rows").asInt()).isEqualTo(400);
    JsonNode again = trainJson(p, "--retrain", "v1");
    assertThat(again.get("version").asText()).isEqualTo("v4");
    assertThat(again.get("metrics")).isEqualTo(v1.get("metrics"));
    assertThat(again.get("test_rows")).isEqualTo(v1.get("test_rows"));

    Path ents = dir.resolve("score.csv");
    Files.writeString(ents, """
        user_id,event_timestamp,note
        5,2024-01-01 00:05:00,a
        5,2024-01-01 00:04:00,before-any-feature
        1200,2024-01-01 20:00:00,c
        """);
    Path out = dir.resolve("out/scored.csv");
    CliRun pr = CliRun.of("predict", p.toString(), "--predictor", "buy", "--entities", ents.toString(), "--out",
        out.toString(), "--version", "v1");
    assertThat(pr.exitCode()).as(pr.toString()).isZero();
    assertThat(pr.out()).contains("scored 3 rows with buy v1");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines.get(0)).isEqualTo("user_id,event_timestamp,note,score,label,decision,reasons");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).startsWith("5,2024-01-01 00:05:00,a,");
    assertThat(lines.get(2)).startsWith("5,2024-01-01 00:04:00,before-any-feature,");
    assertThat(lines.get(1)).matches(".*,(0|1),(approve|review|block),.*feature:f[12]=.*");
  }

  @Test
  void refusesABadPredictorAtPlanTimeWithFileAndLine() throws Exception {
    Path p = project();
    Files.writeString(p.resolve("predictors/bad.yaml"), """
        training_set: {entities: labels, features: [u:f1]}
        label: label
        task: classification
        algorithm: xgboost
        rules:
          - {name: r, when: "f1 >> 2"}
        """);
    CliRun plan = CliRun.of("plan", p.toString());
    assertThat(plan.exitCode()).isEqualTo(2);
    assertThat(plan.err()).contains("Cannot load predictors/bad.yaml:1:1: predictor 'bad'", "rule 'r' (predictors/bad.yaml:6:5)");
    Files.writeString(p.resolve("predictors/bad.yaml"), """
        training_set: {entities: labelz, features: [u:f1]}
        label: label
        task: classification
        algorithm: xgboost
        """);
    plan = CliRun.of("plan", p.toString());
    assertThat(plan.exitCode()).isEqualTo(2);
    assertThat(plan.err()).contains("Cannot load predictors/bad.yaml:1:1: predictor 'bad': entity table 'labelz' is not");
    CliRun unknown = CliRun.of("train", p.toString(), "--predictor", "buz");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Cannot find predictor 'buz'; did you mean 'buy'?");
  }
}
