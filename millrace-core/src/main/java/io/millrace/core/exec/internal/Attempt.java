package io.millrace.core.exec.internal;

import io.millrace.core.exec.AttemptContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * One attempt of a task. Cancellation sets the flag, runs the hooks, then interrupts the thread
 * running the body — but only while it is still bound to this attempt, so a late timeout never
 * interrupts a pool thread that has moved on to another task.
 */
final class Attempt implements AttemptContext {
  private final String task;
  private final int attempt;
  private final Object lock = new Object();
  private List<Runnable> hooks = new ArrayList<>(1);
  private final List<Throwable> hookErrors = new ArrayList<>(0);
  private Thread thread;
  private volatile boolean cancelled;
  private volatile boolean timedOut;
  volatile ScheduledFuture<?> timeout;

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
    synchronized (lock) {
      if (!cancelled) {
        hooks.add(hook);
        return;
      }
    }
    runHook(hook);
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
    }
  }

  /** Cancels this attempt; {@code byTimeout} marks why. Idempotent. */
  void cancel(boolean byTimeout) {
    List<Runnable> toRun;
    synchronized (lock) {
      if (cancelled) {
        return;
      }
      timedOut = byTimeout;
      cancelled = true;
      toRun = hooks;
      hooks = List.of();
    }
    toRun.forEach(this::runHook);
    synchronized (lock) {
      if (thread != null) {
        thread.interrupt();
      }
    }
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
