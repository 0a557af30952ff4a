package io.millrace.core.store;

import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.NodeState;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.RunStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Closes the records of runs whose process died ({@code kill -9}, a crash): such a run would
 * otherwise stay {@code running} forever. Called by whoever takes over the project's run lock from
 * a dead holder, so no live process is running the project at that moment.
 */
public final class AbandonedRuns {
  /** How many recent runs are looked at: a dead process leaves at most one running run behind. */
  private static final int RECENT = 50;

  private AbandonedRuns() {}

  /**
   * Marks every RUNNING batch run of {@code project} (and its RUNNING or pending node attempts)
   * FAILED with {@code reason}, ended now. Stream runs (trigger {@code stream}) are left alone: a
   * stream job does not hold the run lock, so one may be running live in another process while
   * batch runs read its tables.
   *
   * @return the run ids marked
   */
  public static List<String> close(RunStore store, String project, String reason) {
    Instant now = Instant.now();
    List<String> marked = new ArrayList<>();
    for (RunRecord r : store.runs(project, RECENT)) {
      if (r.state() != RunState.RUNNING || "stream".equals(r.trigger())) {
        continue;
      }
      fail(store, r, reason, now);
      marked.add(r.runId());
    }
    return marked;
  }

  /**
   * Marks one run FAILED with {@code reason} if it is still RUNNING (e.g. the run of a scheduler
   * whose interval lease expired and was taken over).
   *
   * @return whether the run was marked
   */
  public static boolean closeRun(RunStore store, String runId, String reason) {
    return store.run(runId).filter(r -> r.state() == RunState.RUNNING).map(r -> {
      fail(store, r, reason, Instant.now());
      return true;
    }).orElse(false);
  }

  private static void fail(RunStore store, RunRecord r, String reason, Instant now) {
    for (NodeAttempt a : store.attempts(r.runId())) {
      if (a.state() == NodeState.RUNNING || a.state() == NodeState.UP_FOR_RETRY) {
        store.saveAttempt(new NodeAttempt(a.runId(), a.node(), a.attempt(), NodeState.FAILED, a.startedAt(), now,
            a.rowsIn(), a.rowsOut(), a.rejected(), a.quarantined(), a.snapshotId(), reason));
      }
    }
    store.saveRun(new RunRecord(r.runId(), r.project(), r.trigger(), r.intervalStart(), r.intervalEnd(),
        RunState.FAILED, r.startedAt(), now, r.rowsIn(), r.rowsOut(), r.rejected(), r.quarantined(), reason));
  }
}
