package io.millrace.api.predict;

import io.millrace.api.MillraceException;
import io.millrace.api.Suggestions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The predictors of a project ({@code predictors/*.yaml}), by name in file order.
 *
 * @param byName predictors by name
 */
public record Predictors(Map<String, PredictorSpec> byName) {
  /** A project without predictors. */
  public static final Predictors NONE = new Predictors(Map.of());

  public Predictors {
    byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }

  /**
   * @throws MillraceException USER naming the unknown predictor and the closest known one
   */
  public PredictorSpec get(String name) {
    PredictorSpec p = byName.get(name);
    if (p == null) {
      String hint = byName.isEmpty() ? " (the project declares none in predictors/*.yaml)"
          : Suggestions.closest(name, byName.keySet()).map(s -> "; did you mean '" + s + "'?")
              .orElse(" (predictors: " + String.join(", ", byName.keySet()) + ")");
      throw MillraceException.user("Cannot find predictor '%s'%s", name, hint);
    }
    return p;
  }
}
