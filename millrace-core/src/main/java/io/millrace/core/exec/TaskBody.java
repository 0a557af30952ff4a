package io.millrace.core.exec;

/**
 * The work of a task. Implementations should stop soon after {@link AttemptContext#cancelled()}
 * turns true (the thread is also interrupted, and hooks registered with
 * {@link AttemptContext#onCancel} run), and must not publish partial output when they stop.
 *
 * @param <R> the result of a successful attempt
 */
@FunctionalInterface
public interface TaskBody<R> {
  /**
   * Runs one attempt.
   *
   * @throws Exception any failure; a {@link io.millrace.api.MillraceException} of kind USER is not
   *     retried, everything else is (see {@link DagExecutor#retryable})
   */
  R run(AttemptContext context) throws Exception;
}
