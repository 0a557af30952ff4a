package io.millrace.api.spi;

import io.millrace.api.run.MetricPoint;
import java.util.List;

/**
 * The result of validating one table with one suite.
 *
 * @param suite suite name
 * @param success every expectation passed
 * @param blocking an expectation of severity ERROR failed (not counting quarantined row-level ones):
 *     the node must fail and its output stay uncommitted
 * @param evaluatedRows rows validated
 * @param invalidRows rows failing at least one row-level expectation
 * @param score valid rows / rows x 100 (100 for an empty table)
 * @param passRate successful / evaluated expectations x 100
 * @param validRowPredicate SQL boolean expression, true for rows passing every row-level
 *     expectation whose on_fail is QUARANTINE (null when there is none); rows where it is false go to
 *     the quarantine table
 * @param failedExpectationsSql SQL expression giving, for one row, the comma-separated names of the
 *     quarantining expectations it fails (null when none)
 * @param resultJson full result in Great Expectations' validation-result shape
 * @param metrics metrics observed (for history and anomaly detection)
 */
public record CheckOutcome(String suite, boolean success, boolean blocking, long evaluatedRows, long invalidRows,
                           double score, double passRate, String validRowPredicate,
                           String failedExpectationsSql, String resultJson,
                           List<MetricPoint> metrics) {
  public CheckOutcome {
    metrics = List.copyOf(metrics);
  }
}
