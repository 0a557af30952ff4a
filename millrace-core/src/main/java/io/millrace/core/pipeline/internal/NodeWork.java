package io.millrace.core.pipeline.internal;

import io.millrace.api.spi.Reject;
import java.util.List;

/**
 * What a successful node attempt did.
 *
 * @param rowsIn rows read (source lines including rejected ones; rows a model's SQL produced;
 *     rows exported)
 * @param rowsOut rows committed to the node's table (or exported)
 * @param rejected source lines rejected
 * @param quarantined rows moved to the quarantine table
 * @param snapshotId the table's new snapshot, 0 when nothing was committed
 * @param rejectSample the first rejects, for the report
 */
public record NodeWork(long rowsIn, long rowsOut, long rejected, long quarantined, long snapshotId,
                       List<Reject> rejectSample) {
  public static final int SAMPLE = 5;

  public NodeWork {
    rejectSample = List.copyOf(rejectSample);
  }

  static NodeWork rows(long in, long out, long snapshotId) {
    return new NodeWork(in, out, 0, 0, snapshotId, List.of());
  }
}
