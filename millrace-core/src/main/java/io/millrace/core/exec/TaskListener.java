package io.millrace.core.exec;

/**
 * Receives task state changes. Called on the executor's coordinating thread only, one event at a
 * time, in the order the changes happened; keep it quick. An exception thrown here cancels the
 * run and is rethrown by {@link DagExecutor#run}.
 *
 * @param <R> task result type
 */
@FunctionalInterface
public interface TaskListener<R> {
  void onEvent(TaskEvent<R> event);

  /** A listener that ignores events. */
  static <R> TaskListener<R> none() {
    return e -> { };
  }
}
