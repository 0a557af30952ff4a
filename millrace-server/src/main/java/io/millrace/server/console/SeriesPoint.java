package io.millrace.server.console;

import java.time.Instant;

/** One value of a time series (a table's row count or quality score after a run). */
public record SeriesPoint(Instant at, double value, String runId) {}
