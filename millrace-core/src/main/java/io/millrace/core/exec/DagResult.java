package io.millrace.core.exec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Outcomes of every task of a run, in the order they were given.
 *
 * @param outcomes by task name
 * @param cancelled {@link DagExecutor#cancel()} was called during the run
 * @param <R> result type
 */
public record DagResult<R>(Map<String, TaskOutcome<R>> outcomes, boolean cancelled) {
  public DagResult {
    outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
  }

  /** True when every task succeeded or was skipped. */
  public boolean succeeded() {
    return outcomes.values().stream().allMatch(TaskOutcome::ok);
  }

  public TaskOutcome<R> outcome(String task) {
    TaskOutcome<R> o = outcomes.get(task);
    if (o == null) {
      throw new IllegalArgumentException("Cannot find task '" + task + "' in the result");
    }
    return o;
  }
}
