package io.millrace.api.stream;

import io.millrace.api.MillraceException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How scored events get a score and a label. The rules scorer computes
 * {@code score = sum(weight * feature)} (booleans count 1 or 0, NULL features count 0), then gives the
 * label of the first threshold (highest first) that the score is strictly above, else
 * {@code defaultLabel}. A model plug-in ({@code modelClass}) replaces the rules entirely.
 *
 * @param weights feature name to weight, in declaration order; may be empty only with a model
 * @param thresholds labels by threshold, strictly decreasing
 * @param defaultLabel label when no threshold is exceeded
 * @param modelClass fully qualified name of a Java scorer plug-in, or null for the rules scorer
 */
public record ScoringSpec(Map<String, Double> weights, List<Threshold> thresholds,
                          String defaultLabel, String modelClass) {
  public ScoringSpec {
    weights = weights == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
    if (modelClass != null && modelClass.isBlank()) {
      modelClass = null;
    }
    if (modelClass == null && weights.isEmpty()) {
      throw MillraceException.user("Cannot define scoring: neither weights nor a model class");
    }
    weights.forEach((feature, weight) -> {
      if (weight == null || !Double.isFinite(weight)) {
        throw MillraceException.user(
            "Cannot define scoring: the weight of %s is %s, not a finite number", feature, weight);
      }
    });
    for (int i = 1; i < thresholds.size(); i++) {
      if (!(thresholds.get(i).above() < thresholds.get(i - 1).above())) {
        throw MillraceException.user(
            "Cannot define scoring: thresholds must be listed highest first (%s %s comes after %s %s)",
            thresholds.get(i).label(), thresholds.get(i).above(),
            thresholds.get(i - 1).label(), thresholds.get(i - 1).above());
      }
    }
    if (defaultLabel == null || defaultLabel.isBlank()) {
      throw MillraceException.user("Cannot define scoring: the default label is empty");
    }
  }

  /** A rules scorer. */
  public static ScoringSpec rules(Map<String, Double> weights, List<Threshold> thresholds,
                                  String defaultLabel) {
    return new ScoringSpec(weights, thresholds, defaultLabel, null);
  }
}
