package io.millrace.quality.report.internal;

import java.util.List;

/**
 * One expectation's result, read from a Great Expectations validation result.
 *
 * @param success verdict
 * @param type expectation type
 * @param kwargs compact text of the kwargs, without {@code column}
 * @param column the column, or "" for table-level expectations
 * @param observed compact text of {@code observed_value}, or ""
 * @param elementCount element count, or -1 when absent
 * @param unexpectedCount unexpected count, or -1 when absent
 * @param unexpectedPercent unexpected percent, or NaN when absent
 * @param samples texts of {@code partial_unexpected_list}
 * @param exception the exception message when the expectation raised, or null
 */
public record ExpectationResult(boolean success, String type, String kwargs, String column, String observed,
                                long elementCount, long unexpectedCount, double unexpectedPercent,
                                List<String> samples, String exception) {
  public ExpectationResult {
    samples = List.copyOf(samples);
  }
}
