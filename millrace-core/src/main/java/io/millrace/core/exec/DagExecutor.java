package io.millrace.core.exec;

import io.millrace.api.MillraceException;
import io.millrace.core.exec.internal.DagGraph;
import io.millrace.core.exec.internal.DagRun;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a DAG of tasks: independent tasks in parallel on at most {@code threads} pool threads, in
 * priority order when more are ready than threads; each attempt bounded by its timeout; failed
 * attempts retried after {@link io.millrace.api.project.RetryPolicy#delayAfter}.
 *
 * <p>Semantics:
 * <ul>
 *   <li>Only retryable failures are retried, by the one rule {@link MillraceException#retryable(Throwable)}:
 *       EXTERNAL failures (a service that may come back) and timeouts (reported as EXTERNAL). USER
 *       errors — bad SQL, a missing column, a failed ERROR check, bad input — and INTERNAL ones
 *       (including any exception that is not a {@link MillraceException}) fail at once, since
 *       running them again cannot help.</li>
 *   <li>A FAILED task's downstream tasks end UPSTREAM_FAILED without running; other branches go on.</li>
 *   <li>Tasks in the skip set end SKIPPED when their upstream is done and count as success
 *       for their downstream (resume).</li>
 *   <li>{@link #cancel()} interrupts running attempts (and runs their cancel hooks), ends waiting
 *       and pending tasks CANCELLED, and lets {@link #run} return once the running bodies have
 *       returned. A body that completes successfully despite the cancel still counts as SUCCESS.</li>
 * </ul>
 *
 * <p>Thread-safety: {@link #run} runs one DAG at a time (a second concurrent call is refused);
 * {@link #cancel()} may be called from any thread, e.g. a shutdown hook. After {@code cancel()}
 * the executor is spent: later runs cancel every task.
 */
public final class DagExecutor {
  private final int threads;
  private final AtomicReference<DagRun<?>> current = new AtomicReference<>();
  private volatile boolean cancelled;

  /** An executor running at most {@code threads} tasks at once. */
  public DagExecutor(int threads) {
    if (threads < 1) {
      throw MillraceException.user("Cannot run with threads=%d: must be >= 1", threads);
    }
    this.threads = threads;
  }

  /**
   * Runs the tasks until every one is terminal.
   *
   * @param tasks the DAG; names unique, every upstream a task of the list
   * @param skip names of tasks to mark SKIPPED instead of running
   * @param listener receives every state change (see {@link TaskListener})
   * @return every task's outcome, in the given order
   * @throws MillraceException USER when the tasks form a cycle, INTERNAL for an unknown upstream
   *     or duplicate name; whatever the listener threw
   */
  public <R> DagResult<R> run(List<DagTask<R>> tasks, Set<String> skip, TaskListener<R> listener) {
    DagRun<R> run = new DagRun<>(new DagGraph<>(tasks), threads, skip, listener);
    if (!current.compareAndSet(null, run)) {
      throw new IllegalStateException("Cannot start a DAG run: this executor is already running one");
    }
    try {
      if (cancelled) {
        run.cancel();
      }
      return run.run();
    } finally {
      current.set(null);
    }
  }

  /** Cancels the running DAG (if any) and every later one. Idempotent; callable from any thread. */
  public void cancel() {
    cancelled = true;
    DagRun<?> run = current.get();
    if (run != null) {
      run.cancel();
    }
  }

  /** True when another attempt may succeed: {@link MillraceException#retryable(Throwable)}. */
  public static boolean retryable(Throwable error) {
    return MillraceException.retryable(error);
  }
}
