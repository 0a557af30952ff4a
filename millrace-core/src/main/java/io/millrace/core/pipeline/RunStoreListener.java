package io.millrace.core.pipeline;

import io.millrace.api.run.RunRecord;
import io.millrace.api.spi.RunStore;
import java.util.Objects;

/**
 * The run hook that records runs in the run store: the RUNNING record when a run starts, the final
 * one when it ends. Batch runs ({@link PipelineRunner}) and stream runs ({@code millrace stream}) both
 * go through it, followed by any other hooks ({@link PipelineListener#andThen}), so whatever watches
 * runs sees both kinds. Node attempts are saved by the runner itself, in batches.
 */
public final class RunStoreListener implements PipelineListener {
  private final RunStore store;

  public RunStoreListener(RunStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public void onNode(NodeEvent event) {
    // attempts are written by the runner (batched), not per event
  }

  /** @throws io.millrace.api.MillraceException EXTERNAL when the store fails */
  @Override
  public void onRunStart(RunRecord run) {
    store.saveRun(run);
  }

  /** @throws io.millrace.api.MillraceException EXTERNAL when the store fails */
  @Override
  public void onRunEnd(RunRecord run) {
    store.saveRun(run);
  }
}
