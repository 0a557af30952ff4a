package io.millrace.api.spi;

import io.millrace.api.TableSchema;
import io.millrace.api.project.CheckSpec;

/**
 * Validates tables with expectation suites. Thread-safe.
 */
public interface QualityChecker {
  /**
   * Loads a suite and binds it to a table's schema. The attachment's severity and on_fail are the
   * defaults of expectations that do not set their own ({@code severity:}, {@code on_fail:} in the suite).
   *
   * @throws io.millrace.api.MillraceException USER naming the suite file, the expectation and the
   *     reason (unknown type, bad kwargs, missing column)
   */
  BoundSuite bind(CheckSpec check, String table, TableSchema schema);

  /**
   * Validates {@code relation} (a table, view or {@code read_parquet(...)} expression) in as few
   * scans as the suite allows.
   *
   * @param runId recorded in metrics
   * @param history past metric values for anomaly expectations
   */
  CheckOutcome check(BoundSuite suite, SqlRunner runner, String relation, String table, String runId,
                     MetricHistory history);
}
