package io.millrace.features.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.millrace.api.MillraceException;
import io.millrace.api.predict.Prediction;
import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.core.project.PredictorLoader;
import io.millrace.core.project.ProjectLoader;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.features.predict.internal.Manifest;
import io.millrace.features.predict.internal.Metrics;
import io.millrace.features.predict.internal.Scorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

/**
 * Training on generated data with a known signal, on the real engine, XGBoost and Tribuo: the label
 * depends on f1 and f2 (plus noise), f3 is noise and often NULL. Held-out metrics must show the signal.
 */
class TrainerTest {
  @TempDir static Path dir;
  static DuckDbEngine engine;
  static EngineSession session;
  static ProjectSpec project;

  @BeforeAll
  static void setUp() throws Exception {
    engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
    session = engine.session();
    project = PredictorFixture.create(dir, session);
  }

  @AfterAll
  static void tearDown() {
    session.close();
    engine.close();
  }

  private static PredictorSpec spec(String name) {
    return PredictorLoader.load(project).get(name);
  }

  private static TrainResult train(String name) {
    return Trainer.train(project, spec(name), session, null, ModelStore.of(project), null);
  }

  @Test
  void xgboostLearnsTheSignalAndStoresAVersionedArtifact() {
    TrainResult r = train("gbt");
    assertThat((Double) r.metrics().get("auc")).isGreaterThan(0.9);
    assertThat((Double) r.metrics().get("accuracy")).isGreaterThan(0.8);
    assertThat((Double) r.metrics().get("log_loss")).isLessThan(0.4);
    assertThat(r.trainRows()).isEqualTo(2400);
    assertThat(r.testRows()).isEqualTo(600);
    assertThat(r.artifact()).isEqualTo(dir.resolve(".millrace/models/gbt").resolve(r.version()));
    assertThat(r.artifact().resolve("model.xgb.json")).exists();
    assertThat(r.artifact().resolve("metrics.json")).exists();
    Manifest m = Manifest.read(r.artifact());
    assertThat(m.featureColumns()).containsExactly("f1", "f2", "f3");
    assertThat(m.features().get(0).ref()).isEqualTo("u:f1");
    assertThat(m.split().cutoff()).startsWith("2024-01-02 16:00:00"); // row 2400 of 3000 by time
    assertThat(m.tables()).extracting(Manifest.TableRead::table).containsExactly("labels", "user_rows");
    assertThat(m.params()).containsEntry("rounds", "40");
  }

  @Test
  void logisticRegressionLearnsTheSignalAndItsJavaScoringMatchesTribuo() throws Exception {
    TrainResult r = train("logit");
    assertThat((Double) r.metrics().get("auc")).isGreaterThan(0.9);
    Scorer scorer = Scorer.load(spec("logit"), r.artifact());
    @SuppressWarnings("unchecked")
    Model<Label> tribuo = (Model<Label>) Model.deserializeFromFile(r.artifact().resolve("model.tribuo"));
    var lm = com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
        .readTree(r.artifact().resolve("linear.json").toFile());
    for (double[] x : new double[][] {{0.1, 0.2, 0.3}, {0.9, 0.8, 0.1}, {0.5, 0.5, 0.5}}) {
      double[] z = new double[3];
      for (int j = 0; j < 3; j++) {
        z[j] = (x[j] - lm.get("mean").get(j).asDouble()) / lm.get("std").get(j).asDouble();
      }
      var p = tribuo.predict(new ArrayExample<>(new Label("0"), new String[] {"f0000", "f0001", "f0002"}, z));
      double expected = p.getOutputScores().get("1").getScore();
      double ours = scorer.score(List.of(Map.of("f1", x[0], "f2", x[1], "f3", x[2])), List.of(Map.of())).get(0).score();
      assertThat(ours).isCloseTo(expected, within(1e-6));
    }
  }

  @Test
  void linearRegressionFitsALinearTarget() {
    TrainResult r = train("lin");
    assertThat((Double) r.metrics().get("r2")).isGreaterThan(0.95);
    assertThat((Double) r.metrics().get("rmse")).isLessThan(0.15);
    assertThat(r.metrics()).containsKeys("mae");
  }

  @Test
  void retrainingAVersionGivesTheSameModelAndMetrics() throws Exception {
    TrainResult first = train("gbt");
    TrainResult again = Trainer.train(project, spec("gbt"), session, null, ModelStore.of(project), first.version());
    assertThat(again.version()).isNotEqualTo(first.version());
    assertThat(again.metrics()).isEqualTo(first.metrics());
    assertThat(Files.readString(again.artifact().resolve("model.xgb.json")))
        .isEqualTo(Files.readString(first.artifact().resolve("model.xgb.json")));
  }

  @Test
  void rulesAndModelCombineIntoADecisionWithReasons() {
    TrainResult r = train("gbt");
    Scorer scorer = Scorer.load(spec("gbt"), r.artifact());
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(row(0.99, 0.01, null)); // the rule fires: blocked whatever the model says
    rows.add(row(0.05, 0.05, 0.5));  // low score: approve
    rows.add(row(0.9, 0.9, 0.5));    // high score: block by the model
    List<Prediction.Row> out = scorer.score(rows, List.of(Map.of("user_id", 1), Map.of("user_id", 2), Map.of("user_id", 3)));
    assertThat(out.get(0).decision()).isEqualTo("block");
    assertThat(out.get(0).reasons().get(0)).isEqualTo(new Prediction.Reason("rule", "f1_high", "f1 above 0.95", null));
    assertThat(out.get(0).reasons()).hasSize(3); // the rule, then the top two contributions
    assertThat(out.get(0).reasons().get(1).kind()).isEqualTo("feature");
    assertThat(out.get(1).score()).isLessThan(0.5);
    assertThat(out.get(1).decision()).isEqualTo("approve");
    assertThat(out.get(1).label()).isEqualTo("0");
    assertThat(out.get(1).reasons()).allMatch(x -> x.kind().equals("feature")).hasSizeLessThanOrEqualTo(2);
    assertThat(out.get(2).score()).isGreaterThan(0.9);
    assertThat(out.get(2).decision()).isEqualTo("block");
    assertThat(out.get(2).label()).isEqualTo("1");
    assertThat(out.get(2).entity()).containsEntry("user_id", 3);
    // the largest contribution is reported first
    assertThat(Math.abs(out.get(2).reasons().get(0).contribution()))
        .isGreaterThanOrEqualTo(Math.abs(out.get(2).reasons().get(1).contribution()));
  }

  @Test
  void refusesUnknownParamsNamingThePredictorFile() {
    assertThatThrownBy(() -> train("bad")).isInstanceOf(MillraceException.class)
        .hasMessageContaining("predictors/bad.yaml:1:1").hasMessageContaining("'max_dept'")
        .hasMessageContaining("did you mean 'max_depth'");
  }

  @Test
  void metricsAgreeWithAHandComputedCase() {
    Map<String, Object> m = Metrics.of(io.millrace.api.predict.Task.CLASSIFICATION, new double[] {1, 0, 1, 0},
        new double[] {0.9, 0.8, 0.4, 0.1});
    // positive/negative pairs ranked right: (0.9>0.8) (0.9>0.1) (0.4>0.1), wrong: (0.4<0.8) -> 3/4
    assertThat((Double) m.get("auc")).isCloseTo(0.75, within(1e-12));
    assertThat((Double) m.get("accuracy")).isCloseTo(0.5, within(1e-12));
    double ll = -(Math.log(0.9) + Math.log(0.2) + Math.log(0.4) + Math.log(0.9)) / 4;
    assertThat((Double) m.get("log_loss")).isCloseTo(ll, within(1e-12));
    assertThat(m.get("confusion_matrix")).isEqualTo(Map.of("tp", 1, "fp", 1, "tn", 1, "fn", 1));
    Map<String, Object> reg = Metrics.of(io.millrace.api.predict.Task.REGRESSION, new double[] {1, 2, 3}, new double[] {1, 2, 5});
    assertThat((Double) reg.get("rmse")).isCloseTo(Math.sqrt(4.0 / 3), within(1e-12));
    assertThat((Double) reg.get("mae")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat((Double) reg.get("r2")).isCloseTo(1 - 4.0 / 2, within(1e-12));
  }

  private static Map<String, Object> row(Double f1, Double f2, Double f3) {
    Map<String, Object> m = new HashMap<>();
    m.put("f1", f1);
    m.put("f2", f2);
    m.put("f3", f3);
    return m;
  }
}
