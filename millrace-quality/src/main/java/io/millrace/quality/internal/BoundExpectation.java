package io.millrace.quality.internal;

import io.millrace.api.project.CheckSpec.OnFail;
import io.millrace.api.project.CheckSpec.Severity;
import io.millrace.quality.ExpectationConfig;

/**
 * One expectation bound to a relation.
 *
 * @param index 1-based position in the suite
 * @param kind the catalog kind (null when binding failed)
 * @param severity effective severity
 * @param onFail effective on_fail (QUARANTINE only for row-local map expectations)
 */
public record BoundExpectation(int index, ExpectationConfig config, Catalog.Kind kind, Check check,
                               Severity severity, OnFail onFail, ResultFormat format) {
  /** True when the rows failing it can be told apart row by row (and quarantined). */
  public boolean rowLocal() {
    return check instanceof Check.Map_ m && m.rowLocal();
  }

  /** A short name such as {@code expect_column_values_to_not_be_null(price)}. */
  public String displayName() {
    String label = check instanceof Check.Map_ m ? m.label()
        : check instanceof Check.Aggregate a ? a.label() : config.column();
    return config.type() + (label == null || label.isEmpty() ? "" : "(" + label + ")");
  }
}
