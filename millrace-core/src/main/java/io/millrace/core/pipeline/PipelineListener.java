package io.millrace.core.pipeline;

/**
 * Receives node progress during a run (e.g. the CLI's progress lines). Called from one thread at a
 * time, in order; keep it quick. An exception thrown here cancels the run.
 */
@FunctionalInterface
public interface PipelineListener {
  void onNode(NodeEvent event);

  /** Ignores every event. */
  PipelineListener NONE = e -> { };
}
