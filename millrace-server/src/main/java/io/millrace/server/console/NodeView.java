package io.millrace.server.console;

import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.NodeAttempt;
import java.time.Instant;
import java.util.List;

/**
 * One node of a run, as the run page shows it.
 *
 * @param state the last attempt's state, or NOT_RUN
 * @param durationMs first attempt's start to last attempt's end (retries and their delays included)
 * @param critical on the critical path
 * @param savingMs how much sooner the run would end if this node took no time
 * @param checks suites run on the node's table
 */
public record NodeView(String name, String kind, List<String> upstream, int level, String state, int attempts,
                       Instant startedAt, Instant endedAt, long durationMs, long rowsIn, long rowsOut, long rejected,
                       long quarantined, boolean critical, long savingMs, String error, List<CheckSummary> checks) {
  static NodeView of(DagNode d, int level, List<NodeAttempt> attempts, long durationMs, boolean critical,
                     long savingMs, List<CheckRecord> checks) {
    NodeAttempt last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    Instant start = attempts.isEmpty() ? null : attempts.get(0).startedAt();
    return new NodeView(d.name(), d.kind(), d.upstream(), level, last == null ? "NOT_RUN" : last.state().name(),
        attempts.size(), start, last == null ? null : last.endedAt(), durationMs,
        last == null ? 0 : last.rowsIn(), last == null ? 0 : last.rowsOut(), last == null ? 0 : last.rejected(),
        last == null ? 0 : last.quarantined(), critical, savingMs, last == null ? null : last.error(),
        checks.stream().map(CheckSummary::of).toList());
  }

  /** A suite's verdict on a table in a run (the full result is in the quality report). */
  public record CheckSummary(String table, String suite, boolean success, double score, double passRate) {
    static CheckSummary of(CheckRecord c) {
      return new CheckSummary(c.table(), c.suite(), c.success(), c.score(), c.passRate());
    }
  }
}
