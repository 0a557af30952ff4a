package io.millrace.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.predict.Algorithm;
import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.predict.Predictors;
import io.millrace.api.predict.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code predictors/*.yaml} loads into typed records; mistakes name file, line and the offending value. */
class PredictorLoaderTest {
  private static final String FEATURES = """
      views:
        u:
          entities: [user_id]
          source: user_rows
          timestamp: ts
          features: [f1, f2]
      services:
        churn: [u:f1]
      """;
  @TempDir Path dir;

  private Predictors load(String predictor) throws Exception {
    Files.writeString(dir.resolve("millrace.yaml"), "name: p\n");
    Files.createDirectories(dir.resolve("features"));
    Files.createDirectories(dir.resolve("predictors"));
    Files.writeString(dir.resolve("features/u.yaml"), FEATURES);
    Files.writeString(dir.resolve("predictors/buy.yaml"), predictor);
    return PredictorLoader.load(ProjectLoader.load(dir, Map.of()));
  }

  @Test
  void loadsTheIssuesShapeWithRulesAndDecisions() throws Exception {
    PredictorSpec p = load("""
        name: buy
        training_set: {entities: labels, features: [u:f1, u:f2]}
        label: label
        task: classification
        algorithm: xgboost
        split: {by: event_timestamp, test_fraction: 0.25}
        params: {max_depth: 6, rounds: 200}
        rules:
          - {name: big, when: "f1 > 10", reason: "f1 above 10", decision: block}
          - {name: note, when: "f2 IS NULL"}
        decisions: {block: "score >= 0.9", review: "score >= 0.5", approve: "true"}
        """).get("buy");
    assertThat(p.algorithm()).isEqualTo(Algorithm.XGBOOST);
    assertThat(p.task()).isEqualTo(Task.CLASSIFICATION);
    assertThat(p.trainingSet().features()).hasSize(2);
    assertThat(p.split().testFraction()).isEqualTo(0.25);
    assertThat(p.params()).containsEntry("rounds", "200");
    assertThat(p.rules().rules()).extracting(r -> r.name()).containsExactly("big", "note");
    assertThat(p.rules().rules().get(1).reason()).isEqualTo("note");
    assertThat(p.rules().decisions().keySet()).containsExactly("block", "review", "approve");
    assertThat(p.rules().severity("block")).isLessThan(p.rules().severity("approve"));
    assertThat(p.location()).isEqualTo("predictors/buy.yaml:1:1");
  }

  @Test
  void nameDefaultsToTheFileAndAServiceMayReplaceFeatures() throws Exception {
    PredictorSpec p = load("""
        training_set: {entities: data/labels.csv, service: churn, timestamp: ts}
        label: y
        task: regression
        algorithm: linear_regression
        """).get("buy");
    assertThat(p.trainingSet().service()).isEqualTo("churn");
    assertThat(p.trainingSet().entitiesIsFile()).isTrue();
    assertThat(p.splitColumn()).isEqualTo("ts");
  }

  @Test
  void refusesMistakesNamingFileAndLine() {
    String base = "training_set: {entities: labels, features: [u:f1]}\nlabel: y\ntask: classification\n";
    assertRefused(base + "algorithm: xgboost\nparms: {}\n", "predictors/buy.yaml:5:1", "unknown key 'parms'", "did you mean 'params'");
    assertRefused(base + "algorithm: random_forest\n", "predictors/buy.yaml:4:12", "algorithm must be one of xgboost, "
        + "logistic_regression, linear_regression, found 'random_forest'");
    assertRefused(base + "algorithm: linear_regression\n", "predictors/buy.yaml:1:1", "linear_regression cannot learn classification");
    assertRefused("training_set: {entities: labels, features: [u:f1]}\ntask: regression\nalgorithm: xgboost\n",
        "predictors/buy.yaml:1:1", "needs 'label'");
    assertRefused("training_set: {entities: labels, features: [u:f1, u:f9]}\nlabel: y\ntask: regression\nalgorithm: xgboost\n",
        "predictors/buy.yaml:1:51", "Cannot find feature 'f9' in view 'u'");
    assertRefused("training_set: {entities: labels, features: [x:f1]}\nlabel: y\ntask: regression\nalgorithm: xgboost\n",
        "predictors/buy.yaml:1:45", "Cannot find feature view 'x'");
    assertRefused("training_set: {entities: labels, service: chrun}\nlabel: y\ntask: regression\nalgorithm: xgboost\n",
        "predictors/buy.yaml:1:43", "did you mean 'churn'");
    assertRefused(base + "algorithm: xgboost\nrules:\n  - {name: r, when: \"f1 > 1\", decision: block}\n",
        "predictors/buy.yaml:6:41", "decision 'block' is not one of 'decisions' (none declared)");
    assertRefused(base + "algorithm: xgboost\nsplit: {test_fraction: 1.5}\n", "predictors/buy.yaml:5:8",
        "test_fraction must be between 0 and 1");
  }

  private void assertRefused(String yaml, String... parts) {
    assertThatThrownBy(() -> load(yaml)).isInstanceOf(MillraceException.class)
        .satisfies(e -> assertThat(((MillraceException) e).kind()).isEqualTo(ErrorKind.USER))
        .hasMessageStartingWith("Cannot load " + parts[0])
        .message().contains(java.util.Arrays.copyOfRange(parts, 1, parts.length));
  }
}
