package io.millrace.api.run;

import java.time.Instant;

/**
 * One observed metric of a table or column, e.g. ({@code sales}, {@code price}, {@code mean}).
 * {@code column} is empty ("") for table-level metrics such as {@code row_count}.
 */
public record MetricPoint(String runId, String table, String column, String metric, double value,
                          Instant observedAt) {}
