package io.millrace.core.pipeline;

import io.millrace.core.schedule.Interval;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to run a plan. Immutable; {@code withX} returns a changed copy.
 *
 * @param trigger recorded in the run: {@code manual}, {@code schedule}, {@code backfill}, {@code resume}
 * @param interval the data interval, or null: then {@code data_interval_start} is
 *     {@code 1970-01-01T00:00:00}, {@code data_interval_end} the run's start, and incremental appends
 *     are plain appends
 * @param resumeFrom run id whose unfinished nodes to re-run, {@link #LAST_RUN} for the project's
 *     most recent run, or null for a full run
 * @param vars variables overriding the project's for this run
 */
public record RunOptions(String trigger, Interval interval, String resumeFrom, Map<String, String> vars) {
  /** {@link #resumeFrom} value meaning the project's most recent run. */
  public static final String LAST_RUN = "last";

  public RunOptions {
    Objects.requireNonNull(trigger, "trigger");
    vars = Map.copyOf(vars);
  }

  /** A manual full run without interval or overrides. */
  public static RunOptions manual() {
    return new RunOptions("manual", null, null, Map.of());
  }

  public RunOptions withTrigger(String trigger) {
    return new RunOptions(trigger, interval, resumeFrom, vars);
  }

  public RunOptions withInterval(Interval interval) {
    return new RunOptions(trigger, interval, resumeFrom, vars);
  }

  /** Re-runs only the nodes of {@code runId} (or {@link #LAST_RUN}) that did not succeed, and their downstream. */
  public RunOptions withResume(String runId) {
    return new RunOptions("resume", interval, runId, vars);
  }

  public RunOptions withVar(String name, String value) {
    Map<String, String> v = new HashMap<>(vars);
    v.put(name, value);
    return new RunOptions(trigger, interval, resumeFrom, v);
  }
}
