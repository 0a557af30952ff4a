package io.millrace.api.predict;

/** What a predictor learns: a binary class (probability of the positive class) or a number. */
public enum Task {
  /** Binary classification: the label is 0/1 or false/true; the score is the probability of 1/true. */
  CLASSIFICATION,
  /** Regression: the label is a number; the score is the predicted value. */
  REGRESSION
}
