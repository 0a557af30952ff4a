package io.millrace.api.run;

import java.time.Instant;

/**
 * One attempt of one node in a run.
 *
 * @param runId the run
 * @param node node name (table name, or {@code export:<table>:<n>})
 * @param attempt 1-based
 * @param state state of this attempt
 * @param startedAt start, null if never started
 * @param endedAt end, null while running
 * @param rowsIn rows read
 * @param rowsOut rows committed
 * @param rejected lines rejected
 * @param quarantined rows quarantined
 * @param snapshotId Iceberg snapshot committed, 0 if none
 * @param error error text, or null
 */
public record NodeAttempt(String runId, String node, int attempt, NodeState state, Instant startedAt,
                          Instant endedAt, long rowsIn, long rowsOut, long rejected,
                          long quarantined, long snapshotId, String error) {
  public long durationMillis() {
    return startedAt == null || endedAt == null ? 0 : endedAt.toEpochMilli() - startedAt.toEpochMilli();
  }
}
