package io.millrace.features.predict.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.predict.Task;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees with XGBoost's {@code hist} method, a fixed seed and NULL features left
 * missing (XGBoost learns a default direction for them): the same rows and params give the same model.
 * {@code rounds} (default 100) is the number of trees; every other parameter goes to XGBoost as is.
 */
final class XgbTrainer {
  static final Set<String> PARAMS = Set.of("rounds", "max_depth", "eta", "learning_rate", "min_child_weight", "subsample",
      "colsample_bytree", "colsample_bylevel", "colsample_bynode", "gamma", "lambda", "alpha", "max_bin",
      "scale_pos_weight", "max_leaves", "grow_policy", "seed", "nthread", "base_score", "max_delta_step");

  private XgbTrainer() {}

  static XgbModel train(PredictorSpec spec, Matrix train) {
    Params p = new Params(spec, PARAMS);
    int rounds = p.integer("rounds", 100, 1);
    Map<String, Object> params = new HashMap<>();
    params.put("max_depth", "6");
    params.put("eta", "0.3");
    params.put("tree_method", "hist");
    params.put("seed", "0");
    params.put("verbosity", "0");
    params.put("nthread", String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors())));
    params.put("objective", spec.task() == Task.CLASSIFICATION ? "binary:logistic" : "reg:squarederror");
    p.all().forEach((k, v) -> {
      if (!k.equals("rounds")) {
        params.put(k, v); // XGBoost reads every parameter from its text
      }
    });
    DMatrix m = null;
    try {
      m = new DMatrix(train.x(), train.n(), train.features(), Float.NaN);
      float[] labels = new float[train.n()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = (float) train.y()[i];
      }
      m.setLabel(labels);
      Booster b = XGBoost.train(m, params, rounds, Map.of(), null, null);
      return new XgbModel(b, train.features());
    } catch (XGBoostError e) {
      throw MillraceException.user("Cannot train predictor '%s' (%s) with XGBoost: %s", spec.name(), spec.location(),
          e.getMessage());
    } finally {
      if (m != null) {
        m.dispose();
      }
    }
  }

}
