package io.millrace.api.stream;

import io.millrace.api.MillraceException;

/**
 * A score above which a label applies.
 *
 * @param label the label given when the score is strictly greater than {@code above}
 * @param above the threshold, a finite number
 */
public record Threshold(String label, double above) {
  public Threshold {
    if (label == null || label.isBlank()) {
      throw MillraceException.user("Cannot define threshold %s: the label is empty", above);
    }
    if (!Double.isFinite(above)) {
      throw MillraceException.user("Cannot define threshold %s: %s is not a finite number", label, above);
    }
  }
}
