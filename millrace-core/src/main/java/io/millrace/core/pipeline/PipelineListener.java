package io.millrace.core.pipeline;

import io.millrace.api.run.RunRecord;

/**
 * Receives run start and end and node progress during a run (e.g. the CLI's progress lines). Called from one thread at a
 * time, in order; keep it quick. An exception thrown here cancels the run.
 */
@FunctionalInterface
public interface PipelineListener {
  void onNode(NodeEvent event);

  /** A run (batch, or a stream job's run) started; its record is in state RUNNING. */
  default void onRunStart(RunRecord run) {}

  /** A run ended; its record holds the final state, counts and error. */
  default void onRunEnd(RunRecord run) {}

  /** This listener, then {@code next}, for every event (an exception stops the chain). */
  default PipelineListener andThen(PipelineListener next) {
    PipelineListener first = this;
    return new PipelineListener() {
      @Override
      public void onNode(NodeEvent event) {
        first.onNode(event);
        next.onNode(event);
      }

      @Override
      public void onRunStart(RunRecord run) {
        first.onRunStart(run);
        next.onRunStart(run);
      }

      @Override
      public void onRunEnd(RunRecord run) {
        first.onRunEnd(run);
        next.onRunEnd(run);
      }
    };
  }

  /** Ignores every event. */
  PipelineListener NONE = e -> { };
}
