package io.millrace.core.pipeline.internal;

import io.millrace.api.spi.CheckOutcome;
import java.util.List;

/**
 * The verdict of a node's suites on its staged output.
 *
 * @param outcomes one per suite
 * @param blocking why the output must not be committed, or null
 * @param validRowPredicate SQL true for rows to keep, null when nothing is quarantined
 * @param failedExpectationsSql SQL naming a row's failed quarantining expectations, or null
 */
record Gate(List<CheckOutcome> outcomes, String blocking, String validRowPredicate,
            String failedExpectationsSql) {
  static final Gate NONE = new Gate(List.of(), null, null, null);

  boolean quarantines() {
    return validRowPredicate != null;
  }
}
