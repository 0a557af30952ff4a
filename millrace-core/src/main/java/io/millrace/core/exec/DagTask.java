package io.millrace.core.exec;

import io.millrace.api.project.RetryPolicy;
import java.util.Objects;
import java.util.Set;

/**
 * One unit of work in a DAG run.
 *
 * @param name unique name within the run
 * @param upstream names of the tasks that must succeed (or be skipped) before this one starts
 * @param retry attempts, backoff and per-attempt timeout
 * @param priority among ready tasks, higher starts first (e.g. the length of the critical path
 *     below this task); ties keep submission order
 * @param body the work; called once per attempt, on a pool thread
 * @param <R> what a successful attempt returns
 */
public record DagTask<R>(String name, Set<String> upstream, RetryPolicy retry, long priority,
                         TaskBody<R> body) {
  public DagTask {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(body, "body");
    upstream = Set.copyOf(upstream);
  }

  /** A task with priority 0. */
  public static <R> DagTask<R> of(String name, Set<String> upstream, RetryPolicy retry, TaskBody<R> body) {
    return new DagTask<>(name, upstream, retry, 0, body);
  }
}
