package io.millrace.core.exec;

import io.millrace.api.run.NodeState;
import java.time.Instant;

/**
 * How a task ended.
 *
 * @param task name
 * @param state terminal state
 * @param attempts attempts started (0 when it never ran)
 * @param startedAt start of the first attempt, null when it never ran
 * @param endedAt end of the last attempt, or when the state was decided
 * @param result the successful attempt's result, else null
 * @param error the last failure, else null
 * @param <R> result type
 */
public record TaskOutcome<R>(String task, NodeState state, int attempts, Instant startedAt,
                             Instant endedAt, R result, Throwable error) {
  /** True for SUCCESS and SKIPPED. */
  public boolean ok() {
    return state == NodeState.SUCCESS || state == NodeState.SKIPPED;
  }
}
