package io.millrace.core.exec;

import io.millrace.api.run.NodeState;
import java.time.Instant;

/**
 * A state change of a task.
 *
 * <ul>
 *   <li>{@code RUNNING}: attempt {@code attempt} started at {@code startedAt}</li>
 *   <li>{@code UP_FOR_RETRY}: that attempt failed with {@code error}; another follows after the
 *       retry delay</li>
 *   <li>{@code SUCCESS}, {@code FAILED}, {@code CANCELLED}: the last attempt ended (with
 *       {@code result} for SUCCESS, {@code error} otherwise; a CANCELLED task may never have
 *       started: {@code attempt} 0)</li>
 *   <li>{@code UPSTREAM_FAILED}, {@code SKIPPED}: decided without running ({@code attempt} 0)</li>
 * </ul>
 *
 * @param task task name
 * @param state new state
 * @param attempt 1-based attempt, 0 when the task never ran
 * @param startedAt start of the attempt, null when it never ran
 * @param at time of the event
 * @param result the successful attempt's result, else null
 * @param error the failure, else null
 * @param <R> result type
 */
public record TaskEvent<R>(String task, NodeState state, int attempt, Instant startedAt, Instant at,
                           R result, Throwable error) {}
