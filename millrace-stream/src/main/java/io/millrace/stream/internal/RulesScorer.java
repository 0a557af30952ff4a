package io.millrace.stream.internal;

import io.millrace.api.stream.ScoringSpec;
import io.millrace.api.stream.Threshold;
import io.millrace.stream.FeatureLogic.Score;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rules scorer of {@link ScoringSpec}: {@code score = sum(weight * feature)} (booleans 1/0, NULL
 * 0), the label of the first threshold strictly exceeded, else the default. Confidence is how far the
 * score lies from the nearest threshold, relative to the gap between thresholds (1 when there is
 * only one threshold or none and the score is at least 1 away), clamped to [0, 1].
 */
public final class RulesScorer implements Function<Map<String, Object>, Score> {
  private final ScoringSpec spec;

  public RulesScorer(ScoringSpec spec) {
    this.spec = spec;
  }

  @Override
  public Score apply(Map<String, Object> features) {
    double score = 0;
    for (Map.Entry<String, Double> w : spec.weights().entrySet()) {
      Object v = features.get(w.getKey());
      double x = v instanceof Number n ? n.doubleValue() : v instanceof Boolean b ? (b ? 1 : 0) : 0;
      score += w.getValue() * x;
    }
    String label = spec.defaultLabel();
    for (Threshold t : spec.thresholds()) {
      if (score > t.above()) {
        label = t.label();
        break;
      }
    }
    return new Score(label, score, confidence(score, spec.thresholds()));
  }

  private static double confidence(double score, List<Threshold> thresholds) {
    if (thresholds.isEmpty()) {
      return 1;
    }
    double nearest = Double.MAX_VALUE;
    for (Threshold t : thresholds) {
      nearest = Math.min(nearest, Math.abs(score - t.above()));
    }
    double scale = thresholds.size() > 1
        ? (thresholds.get(0).above() - thresholds.get(thresholds.size() - 1).above()) / (thresholds.size() - 1) : 1;
    return Math.min(1, nearest / Math.max(scale / 2, 1e-9));
  }
}
