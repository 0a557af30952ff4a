package io.millrace.server.console;

import java.time.Instant;

/** One value of a time series (a table's row count after a commit, its quality score in a run; runId null when unknown). */
public record SeriesPoint(Instant at, double value, String runId) {}
