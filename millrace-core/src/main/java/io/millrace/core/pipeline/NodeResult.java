package io.millrace.core.pipeline;

import io.millrace.api.run.NodeState;
import io.millrace.core.plan.NodeKind;

/**
 * How one node ended in a run.
 *
 * @param node node name
 * @param kind source, model or export
 * @param state terminal state
 * @param attempts attempts started (0 when it never ran)
 * @param rowsIn rows read ({@code rowsIn = rowsOut + rejected + quarantined} for sources and tables)
 * @param rowsOut rows committed (or exported)
 * @param rejected source lines rejected
 * @param quarantined rows moved to {@code <table>__quarantine}
 * @param snapshotId snapshot committed, 0 if none
 * @param millis from the first attempt's start to the end
 * @param error the last error, or null
 */
public record NodeResult(String node, NodeKind kind, NodeState state, int attempts, long rowsIn, long rowsOut,
                         long rejected, long quarantined, long snapshotId, long millis, String error) {
  /** SUCCESS or SKIPPED. */
  public boolean ok() {
    return state == NodeState.SUCCESS || state == NodeState.SKIPPED;
  }
}
