package io.millrace.api.run;

import java.time.Instant;

/**
 * One run of a project's pipeline.
 *
 * @param runId unique id (time-ordered)
 * @param project project name
 * @param trigger {@code manual}, {@code schedule}, {@code backfill} or {@code resume}
 * @param intervalStart data interval start (ISO-8601) or null
 * @param intervalEnd data interval end (ISO-8601) or null
 * @param state current state
 * @param startedAt start
 * @param endedAt end, null while running
 * @param rowsIn rows read from sources
 * @param rowsOut rows committed to tables
 * @param rejected input lines rejected
 * @param quarantined rows moved to quarantine tables
 * @param error first error, or null
 */
public record RunRecord(String runId, String project, String trigger, String intervalStart,
                        String intervalEnd, RunState state, Instant startedAt, Instant endedAt,
                        long rowsIn, long rowsOut, long rejected, long quarantined, String error) {}
