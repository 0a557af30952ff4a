package io.millrace.core.plan;

/** What a plan node does. */
public enum NodeKind {
  /** Reads a declared source and commits it as a warehouse table. */
  SOURCE,
  /** Runs a SQL model and materializes it (table, incremental or view). */
  MODEL,
  /** Copies a committed table to a file or database. */
  EXPORT,
  /**
   * A warehouse table a stream job writes ({@code millrace stream}), read by models or exports: the
   * run reads its latest committed snapshot and fails before any data moves when the job has not
   * written it yet.
   */
  STREAM,
  /**
   * Trains a new version of a predictor declared with {@code retrain: true} ({@code train:<predictor>}), after
   * the tables its training set reads; needs the runner's {@link io.millrace.api.spi.MlTasks}. Writes no table.
   */
  TRAIN,
  /**
   * Builds a training set declared in {@code features/*.yaml} ({@code training_sets:}) point-in-time, after the
   * tables it reads, and commits it as the warehouse table of its name; needs the runner's
   * {@link io.millrace.api.spi.MlTasks}.
   */
  TRAINING_SET
}
