package io.millrace.stream.features;

import io.millrace.api.MillraceException;
import io.millrace.api.stream.ScoringSpec;
import io.millrace.api.stream.Threshold;
import java.util.List;
import java.util.Map;

/**
 * The rules scorer: {@code score = sum(weight * feature)} over the spec's weights (TRUE counts 1,
 * FALSE and NULL 0), labelled by the first threshold (highest first) the score is strictly above,
 * else the default label.
 *
 * <p>Confidence: {@code 0.5 + 0.5 * min(1, d / band)}, where {@code d} is the distance from the
 * score to the nearest threshold and {@code band} the mean distance between adjacent thresholds
 * (with one threshold: its absolute value, at least 1). A score right on a threshold has
 * confidence 0.5, one a whole band away 1. Without thresholds every score has confidence 1.
 *
 * <p>Immutable and thread-safe.
 */
public final class RulesScorer implements Scorer {
  private final ScoringSpec spec;
  private final String[] features;
  private final double[] weights;
  private final double band;

  public RulesScorer(ScoringSpec spec) {
    this.spec = spec;
    this.features = spec.weights().keySet().toArray(String[]::new);
    this.weights = spec.weights().values().stream().mapToDouble(Double::doubleValue).toArray();
    List<Threshold> t = spec.thresholds();
    this.band = t.size() >= 2
        ? (t.get(0).above() - t.get(t.size() - 1).above()) / (t.size() - 1)
        : t.isEmpty() ? 1.0 : Math.max(1.0, Math.abs(t.get(0).above()));
  }

  @Override
  public Score score(Map<String, Object> features) {
    double score = 0;
    for (int i = 0; i < weights.length; i++) {
      score += weights[i] * number(this.features[i], features.get(this.features[i]));
    }
    String label = spec.defaultLabel();
    double nearest = Double.POSITIVE_INFINITY;
    for (Threshold t : spec.thresholds()) {
      nearest = Math.min(nearest, Math.abs(score - t.above()));
    }
    for (Threshold t : spec.thresholds()) {
      if (score > t.above()) {
        label = t.label();
        break;
      }
    }
    double confidence = spec.thresholds().isEmpty() ? 1.0 : 0.5 + 0.5 * Math.min(1.0, nearest / band);
    return new Score(label, score, confidence);
  }

  private static double number(String feature, Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw MillraceException.user("Cannot score feature %s: %s is not a number", feature, v);
  }
}
