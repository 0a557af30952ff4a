package io.millrace.core.pipeline;

import io.millrace.api.run.NodeState;
import io.millrace.core.plan.NodeKind;

/**
 * A node's progress, for rendering: RUNNING when an attempt starts, UP_FOR_RETRY when it failed and
 * will be retried, then one terminal state.
 *
 * @param node node name
 * @param kind source, model or export
 * @param state new state
 * @param attempt 1-based attempt, 0 when the node never ran (skipped, upstream failed)
 * @param rowsIn rows read (terminal SUCCESS only, else 0)
 * @param rowsOut rows committed or exported (SUCCESS only)
 * @param rejected source lines rejected (SUCCESS only)
 * @param quarantined rows quarantined (SUCCESS only)
 * @param elapsedMillis time since the attempt started (0 at RUNNING)
 * @param error the failure, or null
 */
public record NodeEvent(String node, NodeKind kind, NodeState state, int attempt, long rowsIn, long rowsOut,
                        long rejected, long quarantined, long elapsedMillis, String error) {}
