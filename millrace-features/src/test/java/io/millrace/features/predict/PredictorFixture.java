package io.millrace.features.predict;

import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.core.project.ProjectLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A project with one feature view over generated users (f1, f2 with signal, f3 noise and often NULL)
 * and predictors over it; the label is f1 + 0.5 * f2 plus noise above 0.8, y = 3 * f1 - 2 * f2 plus noise.
 */
final class PredictorFixture {
  private PredictorFixture() {}

  static ProjectSpec create(Path dir, EngineSession session) throws Exception {
    Files.writeString(dir.resolve("millrace.yaml"), "name: m\n");
    Files.createDirectories(dir.resolve("features"));
    Files.createDirectories(dir.resolve("predictors"));
    Files.writeString(dir.resolve("features/u.yaml"), """
        views:
          u:
            entities: [user_id]
            source: user_rows
            timestamp: ts
            features: [f1, f2, f3]
            online: true
        """);
    String ts = "training_set: {entities: labels, features: [u]}\n";
    Files.writeString(dir.resolve("predictors/gbt.yaml"), ts + "label: label\ntask: classification\nalgorithm: xgboost\n"
        + "params: {rounds: 40, max_depth: 3}\n"
        + "rules:\n  - {name: f1_high, when: \"f1 > 0.95\", reason: \"f1 above 0.95\", decision: block}\n"
        + "decisions: {block: \"score >= 0.9\", review: \"score >= 0.5\", approve: \"true\"}\ntop_reasons: 2\n");
    Files.writeString(dir.resolve("predictors/logit.yaml"), ts + "label: label\ntask: classification\n"
        + "algorithm: logistic_regression\nparams: {epochs: 10}\n");
    Files.writeString(dir.resolve("predictors/lin.yaml"), ts + "label: y\ntask: regression\nalgorithm: linear_regression\n");
    Files.writeString(dir.resolve("predictors/bad.yaml"), ts + "label: label\ntask: classification\nalgorithm: xgboost\n"
        + "params: {max_dept: 3}\n");
    // deterministic pseudo-random numbers in [0, 1) from a hash
    String r = "(hash(i * %d + %d) %% 100000) / 100000.0";
    session.execute("CREATE TABLE user_rows AS SELECT i AS user_id, TIMESTAMP '2024-01-01' + to_minutes(i) AS ts, "
        + String.format(r, 1, 0) + " AS f1, " + String.format(r, 7, 1) + " AS f2, "
        + "CASE WHEN i % 3 = 0 THEN NULL ELSE " + String.format(r, 11, 2) + " END AS f3 FROM range(3000) t(i)");
    session.execute("CREATE TABLE labels AS SELECT user_id, ts AS event_timestamp, "
        + "CAST(f1 + 0.5 * f2 + 0.3 * (" + String.format(r.replace("i", "user_id"), 13, 5) + " - 0.5) > 0.8 AS INTEGER) AS label, "
        + "3 * f1 - 2 * f2 + 0.05 * " + String.format(r.replace("i", "user_id"), 17, 3) + " AS y FROM user_rows");

    return ProjectLoader.load(dir, Map.of());
  }
}
