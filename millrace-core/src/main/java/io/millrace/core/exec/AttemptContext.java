package io.millrace.core.exec;

import java.util.concurrent.CancellationException;

/** What a running attempt can see of its execution. Thread-safe. */
public interface AttemptContext {
  /** The task's name. */
  String task();

  /** 1-based attempt number. */
  int attempt();

  /** True once the attempt timed out or the run was cancelled. */
  boolean cancelled();

  /**
   * Registers a hook run on another thread when this attempt is cancelled or times out, e.g. to
   * cancel a running SQL statement; runs at once when already cancelled. Hooks must be idempotent:
   * they are run again every 100 ms until the body returns, because a cancel that arrives between
   * two statements has nothing to stop.
   */
  void onCancel(Runnable hook);

  /** Throws when {@link #cancelled()}; call before publishing output. */
  default void checkCancelled() {
    if (cancelled()) {
      throw new CancellationException("Cannot continue task '" + task() + "': attempt " + attempt()
          + " was cancelled");
    }
  }
}
