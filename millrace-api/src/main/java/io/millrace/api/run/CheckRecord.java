package io.millrace.api.run;

/**
 * Results of one suite on one table in one run.
 *
 * @param runId the run
 * @param table validated table
 * @param suite suite name
 * @param success overall verdict
 * @param score data quality score: valid records / total records x 100
 * @param passRate successful expectations / evaluated expectations x 100
 * @param resultJson full validation result in Great Expectations' shape
 */
public record CheckRecord(String runId, String table, String suite, boolean success, double score,
                          double passRate, String resultJson) {}
