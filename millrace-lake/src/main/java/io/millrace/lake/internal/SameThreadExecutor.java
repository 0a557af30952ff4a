package io.millrace.lake.internal;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs each task on the submitting thread. Given to Iceberg for the manifest work of small commits
 * and scans: its worker pool waits for tasks by polling with 10 ms sleeps, which dominated a commit
 * of one file; here the task is done when {@code submit} returns. Never shut down (shared).
 */
final class SameThreadExecutor extends AbstractExecutorService {
  static final SameThreadExecutor INSTANCE = new SameThreadExecutor();

  private SameThreadExecutor() {}

  @Override
  public void execute(Runnable command) {
    command.run();
  }

  @Override
  public void shutdown() {
    // shared: nothing to stop
  }

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return false;
  }
}
