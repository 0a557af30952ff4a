package io.millrace.api.predict;

import java.util.List;
import java.util.Map;

/** Online scoring: entity keys, then online features, then the model and rules. Behind {@code POST /predict/{name}}. */
public interface Predictions {
  /** Scores entity rows given column-wise; an unknown predictor or bad key is a user error naming it. */
  Prediction predict(String predictor, Map<String, List<Object>> entities);
}
