package io.millrace.quality.anomaly;

import java.util.Objects;

/**
 * The verdict of an anomaly detector on one observed value.
 *
 * @param anomalous true when the value falls outside what the detector accepts
 * @param expected what the detector expected: the smoothed level, the previous value, or the
 *     violated bound (the value itself when it is within bounds); NaN when there is no expectation
 *     (no history)
 * @param deviation how far the value is from {@code expected}, in the detector's unit: absolute
 *     difference for smoothing and bounds, signed fraction of the previous value for relative change
 * @param explanation one human-readable sentence naming the numbers behind the verdict; never null
 */
public record AnomalyVerdict(boolean anomalous, double expected, double deviation, String explanation) {
  public AnomalyVerdict {
    Objects.requireNonNull(explanation, "explanation");
  }
}
