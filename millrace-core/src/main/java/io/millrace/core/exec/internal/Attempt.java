package io.millrace.core.exec.internal;

import io.millrace.core.exec.AttemptContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * One attempt of a task. Cancellation sets the flag, runs the hooks (again every 100 ms until the
 * body returns, see {@link #repeatHooks}), then interrupts the thread running the body — but only while it is still bound to this attempt, so a late timeout never
 * interrupts a pool thread that has moved on to another task.
 */
final class Attempt implements AttemptContext {
  private final String task;
  private final int attempt;
  private final Object lock = new Object();
  private final List<Runnable> hooks = new ArrayList<>(1);
  private final List<Throwable> hookErrors = new ArrayList<>(0);
  private Thread thread;
  private volatile boolean cancelled;
  private volatile boolean timedOut;
  volatile ScheduledFuture<?> timeout;
  volatile ScheduledFuture<?> repeat;
  private volatile boolean ended;

  Attempt(String task, int attempt) {
    this.task = task;
    this.attempt = attempt;
  }

  @Override
  public String task() {
    return task;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public boolean cancelled() {
    return cancelled;
  }

  boolean timedOut() {
    return timedOut;
  }

  @Override
  public void onCancel(Runnable hook) {
    boolean now;
    synchronized (lock) {
      hooks.add(hook);
      now = cancelled;
    }
    if (now) {
      runHook(hook);
    }
  }

  void bind(Thread t) {
    synchronized (lock) {
      thread = t;
      if (cancelled) {
        t.interrupt();
      }
    }
  }

  void unbind() {
    synchronized (lock) {
      thread = null;
      ended = true;
    }
  }

  /**
   * Runs the hooks again while the body still runs: a cancel that arrived between two statements
   * found nothing to stop, and the body may have started another since.
   */
  void repeatHooks() {
    List<Runnable> toRun;
    synchronized (lock) {
      if (ended || !cancelled) {
        return;
      }
      toRun = List.copyOf(hooks);
    }
    toRun.forEach(this::runHook);
  }

  /** Cancels this attempt; {@code byTimeout} marks why. Idempotent: false when already cancelled. */
  boolean cancel(boolean byTimeout) {
    List<Runnable> toRun;
    synchronized (lock) {
      if (cancelled) {
        return false;
      }
      timedOut = byTimeout;
      cancelled = true;
      toRun = List.copyOf(hooks);
    }
    toRun.forEach(this::runHook);
    synchronized (lock) {
      if (thread != null) {
        thread.interrupt();
      }
    }
    return true;
  }

  /** Failures of cancel hooks, to attach to the attempt's error (never dropped). */
  List<Throwable> hookErrors() {
    synchronized (lock) {
      return List.copyOf(hookErrors);
    }
  }

  private void runHook(Runnable hook) {
    try {
      hook.run();
    } catch (RuntimeException e) {
      synchronized (lock) {
        hookErrors.add(e);
      }
    }
  }
}
