package io.millrace.core.pipeline.internal;

import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.NodeState;
import io.millrace.core.exec.TaskEvent;
import io.millrace.core.exec.TaskListener;
import io.millrace.core.pipeline.NodeEvent;
import io.millrace.core.pipeline.PipelineListener;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.PlanNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Saves every attempt's state change in the run store (batched, see {@link RunWrites}) and forwards
 * it to the progress listener.
 * Nodes that never ran (skipped, upstream failed, cancelled while pending) are saved as attempt 0
 * with no start time. Called on the executor's coordinating thread only.
 */
public final class RunRecorder implements TaskListener<NodeWork> {
  private final RunContext run;
  private final PipelineListener listener;
  private final Map<String, NodeKind> kinds = new HashMap<>();
  private final Map<String, Instant> attemptStart = new HashMap<>();

  public RunRecorder(RunContext run, PipelineListener listener) {
    this.run = run;
    this.listener = listener;
    for (PlanNode n : run.plan.nodes()) {
      kinds.put(n.name(), n.kind());
    }
  }

  @Override
  public void onEvent(TaskEvent<NodeWork> e) {
    if (e.state() == NodeState.RUNNING) {
      attemptStart.put(e.task(), e.at());
    }
    Instant started = e.attempt() == 0 ? null : attemptStart.get(e.task());
    Instant ended = e.state() == NodeState.RUNNING ? null : e.at();
    NodeWork w = e.state() == NodeState.SUCCESS && e.result() != null ? e.result() : NodeWork.rows(0, 0, 0);
    String error = Errors.describe(e.error());
    run.writes.attempt(new NodeAttempt(run.runId, e.task(), e.attempt(), e.state(), started, ended,
        w.rowsIn(), w.rowsOut(), w.rejected(), w.quarantined(), w.snapshotId(), error));
    if (e.state() == NodeState.FAILED) {
      run.writes.flush();
    } else if (ended != null) {
      run.writes.maybeFlush();
    }
    long elapsed = started == null || ended == null ? 0 : ended.toEpochMilli() - started.toEpochMilli();
    listener.onNode(new NodeEvent(e.task(), kinds.get(e.task()), e.state(), e.attempt(), w.rowsIn(), w.rowsOut(),
        w.rejected(), w.quarantined(), elapsed, error));
  }
}
