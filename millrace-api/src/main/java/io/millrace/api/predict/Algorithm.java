package io.millrace.api.predict;

/** How a predictor is trained. */
public enum Algorithm {
  /** Gradient-boosted trees (XGBoost): classification or regression; handles NULL features natively. */
  XGBOOST,
  /** Logistic regression (Tribuo, SGD): classification only. */
  LOGISTIC_REGRESSION,
  /** Linear regression (Tribuo, SGD): regression only. */
  LINEAR_REGRESSION;

  /** Whether this algorithm can learn {@code task}. */
  public boolean supports(Task task) {
    return switch (this) {
      case XGBOOST -> true;
      case LOGISTIC_REGRESSION -> task == Task.CLASSIFICATION;
      case LINEAR_REGRESSION -> task == Task.REGRESSION;
    };
  }

  /** The word used in {@code predictors/*.yaml}: {@code xgboost}, {@code logistic_regression}, ... */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
