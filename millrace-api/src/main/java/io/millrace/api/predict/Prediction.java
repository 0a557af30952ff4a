package io.millrace.api.predict;

import java.util.List;
import java.util.Map;

/**
 * The scores of one predictor for a batch of entity rows.
 *
 * @param predictor the predictor's name
 * @param modelVersion the model version that scored them
 * @param rows one result per entity row, in request order
 */
public record Prediction(String predictor, String modelVersion, List<Row> rows) {
  /**
   * One scored entity row.
   *
   * @param entity the entity key columns and their values
   * @param score the model's score (probability of the positive class, or the regression value)
   * @param label the predicted label (classification) or null
   * @param decision the decision after rules (e.g. approve/review/block), or null without rules
   * @param reasons why: rule reasons first, then the top feature contributions
   */
  public record Row(Map<String, Object> entity, double score, String label, String decision, List<Reason> reasons) {}

  /** A rule that fired, or a feature's contribution to the score. */
  public record Reason(String kind, String name, String detail, Double contribution) {}
}
