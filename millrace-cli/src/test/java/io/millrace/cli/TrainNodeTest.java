package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A predictor with {@code retrain: true} is a pipeline node {@code train:<name>}: planned after the tables its
 * training set reads (source -> model -> train), run by {@code millrace run} like any node, recorded in the run
 * store and its log, a new model version per run.
 */
class TrainNodeTest {
  private static final LocalDateTime T0 = LocalDateTime.of(2024, 1, 1, 0, 0);
  @TempDir Path dir;

  private Path project(String predictorExtra) throws Exception {
    Path p = dir.resolve("p");
    Files.createDirectories(p.resolve("features"));
    Files.createDirectories(p.resolve("predictors"));
    Files.createDirectories(p.resolve("models"));
    Random rnd = new Random(7);
    StringBuilder users = new StringBuilder("user_id,ts,f1,f2\n");
    StringBuilder labels = new StringBuilder("user_id,event_timestamp,label\n");
    for (int i = 0; i < 600; i++) {
      double f1 = rnd.nextDouble();
      double f2 = rnd.nextDouble();
      String ts = T0.plusMinutes(i).toString().replace('T', ' ') + ":00";
      users.append(i).append(',').append(ts).append(',').append(f1).append(',').append(f2).append('\n');
      labels.append(i).append(',').append(ts).append(',').append(f1 + 0.5 * f2 > 0.8 ? 1 : 0).append('\n');
    }
    Files.writeString(p.resolve("users.csv"), users);
    Files.writeString(p.resolve("labels.csv"), labels);
    Files.writeString(p.resolve("millrace.yaml"), """
        name: tn
        pipeline: {retries: 0}
        sources:
          user_rows: {format: csv, path: users.csv, columns: {user_id: bigint, ts: timestamp, f1: double, f2: double}}
          labels: {format: csv, path: labels.csv, columns: {user_id: bigint, event_timestamp: timestamp, label: integer}}
        """);
    Files.writeString(p.resolve("models/user_features.sql"),
        "SELECT user_id, ts, f1, f2 FROM user_rows WHERE user_id IS NOT NULL\n");
    Files.writeString(p.resolve("features/u.yaml"), """
        views:
          u:
            entities: [user_id]
            source: user_features
            timestamp: ts
            features: [f1, f2]
        """);
    Files.writeString(p.resolve("predictors/buy.yaml"), """
        name: buy
        training_set: {entities: labels, features: [u:f1, u:f2]}
        label: label
        task: classification
        algorithm: logistic_regression
        split: {by: event_timestamp, test_fraction: 0.25}
        """ + predictorExtra);
    return p;
  }

  @Test
  void runTrainsANewVersionAfterItsTablesAndRecordsIt() throws Exception {
    Path p = project("retrain: true\n");
    CliRun plan = CliRun.of("plan", p.toString());
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out()).contains("level 2: train:buy (train, predictor buy)", "train:buy <- labels, user_features",
        "user_rows -> user_features -> train:buy");

    CliRun run = CliRun.of("run", p.toString(), "--quiet");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Path v1 = p.resolve(".millrace/models/buy/v1");
    assertThat(v1.resolve("manifest.json")).exists();
    JsonNode metrics = new ObjectMapper().readTree(v1.resolve("metrics.json").toFile());
    assertThat(metrics.get("auc").asDouble()).isGreaterThan(0.9);
    // the model read the table the same run committed (its snapshot is in the manifest)
    assertThat(Files.readString(v1.resolve("manifest.json"))).contains("user_features");

    CliRun list = CliRun.of("runs", p.toString());
    java.util.regex.Matcher id = java.util.regex.Pattern.compile("(\\d{8}\\S*-[0-9a-f]{4})").matcher(list.out());
    assertThat(id.find()).as(list.toString()).isTrue();
    CliRun runs = CliRun.of("runs", p.toString(), id.group(1));
    assertThat(runs.exitCode()).as(runs.toString()).isZero();
    assertThat(runs.out()).containsPattern("train:buy +1 +success +[0-9.]+ +600 +600 +0 +0 +1 ");
    CliRun logs = CliRun.of("logs", p.toString(), "last", "train:buy");
    assertThat(logs.exitCode()).as(logs.toString()).isZero();
    assertThat(logs.out()).contains("trained buy v1 on 600 rows", "auc = ", "log_loss = ");

    // a second run trains the next version; the tables are rebuilt before it
    assertThat(CliRun.of("run", p.toString(), "--quiet").exitCode()).isZero();
    assertThat(p.resolve(".millrace/models/buy/v2/metrics.json")).exists();
    assertThat(new ObjectMapper().readTree(p.resolve(".millrace/models/buy/v2/metrics.json").toFile()).get("auc"))
        .isEqualTo(metrics.get("auc"));
  }

  @Test
  void aRetrainPeriodKeepsAYoungerVersion() throws Exception {
    Path p = project("retrain: 1d\n");
    assertThat(CliRun.of("run", p.toString(), "--quiet").exitCode()).isZero();
    Path v1 = p.resolve(".millrace/models/buy/v1");
    assertThat(v1.resolve("metrics.json")).exists();
    // v1 is younger than a day: the next run keeps it
    CliRun again = CliRun.of("run", p.toString(), "--quiet");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(p.resolve(".millrace/models/buy/v2")).doesNotExist();
    CliRun logs = CliRun.of("logs", p.toString(), "last", "train:buy");
    assertThat(logs.out()).as(logs.toString()).contains("kept buy v1: v1 was trained", "ago; retrain: 1d");
    // once v1 is a day old, the next run trains v2
    Files.setLastModifiedTime(v1, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(
        java.time.Duration.ofHours(25))));
    assertThat(CliRun.of("run", p.toString(), "--quiet").exitCode()).isZero();
    assertThat(p.resolve(".millrace/models/buy/v2/metrics.json")).exists();
  }

  @Test
  void withoutRetrainThePredictorIsNoNode() throws Exception {
    Path p = project("");
    CliRun plan = CliRun.of("plan", p.toString());
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out()).doesNotContain("train:buy");
  }

  @Test
  void refusesBadTrainNodesAtPlanTime() throws Exception {
    Path p = project("retrain: maybe\n");
    CliRun plan = CliRun.of("plan", p.toString());
    assertThat(plan.exitCode()).isEqualTo(2);
    assertThat(plan.err()).contains("predictors/buy.yaml:7", "must be true or false, found 'maybe'");

    Files.writeString(p.resolve("predictors/buy.yaml"), """
        training_set: {entities: labels, features: [u:f1, u:f3]}
        label: label
        task: classification
        algorithm: xgboost
        retrain: true
        """);
    plan = CliRun.of("run", p.toString());
    assertThat(plan.exitCode()).isEqualTo(2);
    assertThat(plan.err()).contains("predictors/buy.yaml", "f3");
  }

  /**
   * A training set declared in features/*.yaml is a node after its tables, committed as a table a model reads;
   * its values are point-in-time (the latest row at or before each entity time, NULL before any).
   */
  @Test
  void trainingSetNodeCommitsAPointInTimeTableThatModelsRead() throws Exception {
    Path p = project("");
    // user 5 gets a second, later row; entity rows ask before, at and after it
    Files.writeString(p.resolve("users.csv"), "5,2024-01-01 01:00:00,42.0,43.0\n", java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(p.resolve("asks.csv"), """
        user_id,event_timestamp,note
        5,2024-01-01 00:04:59,before-any
        5,2024-01-01 00:05:00,at-first
        5,2024-01-01 00:59:59,before-second
        5,2024-01-01 01:00:00,at-second
        7,2024-01-02 00:00:00,much-later
        9999,2024-01-02 00:00:00,unknown
        """);
    Files.writeString(p.resolve("millrace.yaml"), Files.readString(p.resolve("millrace.yaml"))
        + "  asks: {format: csv, path: asks.csv, columns: {user_id: bigint, event_timestamp: timestamp, note: varchar}}\n");
    Files.writeString(p.resolve("features/u.yaml"), Files.readString(p.resolve("features/u.yaml")) + """
        training_sets:
          ask_set: {entities: asks, features: [u:f1, u:f2]}
        """);
    Files.writeString(p.resolve("models/ask_counts.sql"), "SELECT count(*) AS n, count(f1) AS with_f1 FROM ask_set\n");

    CliRun plan = CliRun.of("plan", p.toString());
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out()).contains("ask_set (training set)", "ask_set <- asks, user_features", "ask_counts <- ask_set");

    CliRun run = CliRun.of("run", p.toString(), "--quiet");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    CliRun q = CliRun.of("sql", p.toString(), "SELECT note, f1 FROM ask_set ORDER BY event_timestamp, user_id",
        "--format", "csv");
    assertThat(q.exitCode()).as(q.toString()).isZero();
    String f1of5 = CliRun.of("sql", p.toString(), "SELECT f1 FROM user_rows WHERE user_id = 5 AND f1 <> 42",
        "--format", "csv").out().lines().skip(1).findFirst().orElseThrow();
    String f1of7 = CliRun.of("sql", p.toString(), "SELECT f1 FROM user_rows WHERE user_id = 7",
        "--format", "csv").out().lines().skip(1).findFirst().orElseThrow();
    assertThat(q.out().lines().toList()).containsExactly("note,f1", "before-any,", "at-first," + f1of5,
        "before-second," + f1of5, "at-second,42.0", "much-later," + f1of7, "unknown,");
    CliRun counts = CliRun.of("sql", p.toString(), "SELECT n, with_f1 FROM ask_counts", "--format", "csv");
    assertThat(counts.out()).contains("6,4");
  }

  @Test
  void refusesABadTrainingSetNodeAtPlanTime() throws Exception {
    Path p = project("");
    Files.writeString(p.resolve("features/u.yaml"), Files.readString(p.resolve("features/u.yaml")) + """
        training_sets:
          s: {entities: labelz, features: [u:f1]}
        """);
    CliRun plan = CliRun.of("plan", p.toString());
    assertThat(plan.exitCode()).isEqualTo(2);
    assertThat(plan.err()).contains("Cannot plan node 's' (features/u.yaml:", "reads 'labelz', which is not a source");
    Files.writeString(p.resolve("features/u.yaml"), Files.readString(p.resolve("features/u.yaml"))
        .replace("labelz, features: [u:f1]", "labels, features: [u:f9]"));
    plan = CliRun.of("plan", p.toString());
    assertThat(plan.exitCode()).isEqualTo(2);
    assertThat(plan.err()).contains("features/u.yaml:", "f9");
    // a cycle through a training set: a model it reads reads it
    Files.writeString(p.resolve("features/u.yaml"), Files.readString(p.resolve("features/u.yaml"))
        .replace("[u:f9]", "[u:f1]"));
    Files.writeString(p.resolve("models/user_features.sql"), "SELECT u.user_id, u.ts, u.f1, u.f2 FROM user_rows u "
        + "WHERE u.user_id NOT IN (SELECT user_id FROM s)\n");
    plan = CliRun.of("plan", p.toString());
    assertThat(plan.exitCode()).isEqualTo(2);
    assertThat(plan.err()).contains("form a cycle", "models/user_features.sql", "features/u.yaml:");
  }

  /** source -> model -> training-set node -> train node: the predictor learns from the table the run committed. */
  @Test
  void aTrainNodeReadsATrainingSetNode() throws Exception {
    Path p = project("");
    Files.writeString(p.resolve("features/u.yaml"), Files.readString(p.resolve("features/u.yaml")) + """
        training_sets:
          buy_set: {entities: labels, features: [u:f1]}
        """);
    Files.writeString(p.resolve("predictors/buy.yaml"), """
        training_set: {entities: buy_set, features: [u:f2]}
        label: label
        task: classification
        algorithm: logistic_regression
        split: {by: event_timestamp, test_fraction: 0.25}
        retrain: true
        """);
    CliRun plan = CliRun.of("plan", p.toString());
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out()).contains("buy_set <- labels, user_features", "train:buy <- buy_set, user_features",
        "user_rows -> user_features -> buy_set -> train:buy");
    CliRun run = CliRun.of("run", p.toString(), "--quiet");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String manifest = Files.readString(p.resolve(".millrace/models/buy/v1/manifest.json"));
    assertThat(manifest).contains("\"buy_set\"");
    CliRun rows = CliRun.of("sql", p.toString(), "SELECT count(*), count(f1) FROM buy_set", "--format", "csv");
    assertThat(rows.out()).contains("600,600");
    CliRun logs = CliRun.of("logs", p.toString(), "last", "train:buy");
    assertThat(logs.out()).contains("trained buy v1 on 600 rows");
  }
}
