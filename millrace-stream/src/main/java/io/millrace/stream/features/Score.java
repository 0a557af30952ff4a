package io.millrace.stream.features;

import io.millrace.api.MillraceException;

/**
 * A score with its label and a confidence in {@code [0, 1]}.
 *
 * @param label the label, never blank
 * @param score the score, a finite number
 * @param confidence how sure the scorer is of the label, from 0 to 1
 */
public record Score(String label, double score, double confidence) {
  public Score {
    if (label == null || label.isBlank()) {
      throw MillraceException.user("Cannot score: the scorer gave no label (score %s)", score);
    }
    if (!Double.isFinite(score)) {
      throw MillraceException.user("Cannot score: the score of label %s is %s", label, score);
    }
    if (!(confidence >= 0 && confidence <= 1)) {
      throw MillraceException.user("Cannot score: confidence %s of label %s is outside [0, 1]",
          confidence, label);
    }
  }
}
