package io.millrace.api.project;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * Scheduling and execution settings of a project's pipeline.
 *
 * @param schedule when runs are due; null means manual runs only
 * @param startDate first interval start (UTC)
 * @param catchup run every missed interval since {@code startDate} (true) or only the latest (false)
 * @param retry default retry policy of every node
 * @param threads nodes run in parallel at most
 */
public record PipelineSpec(Schedule schedule, LocalDateTime startDate, boolean catchup,
                           RetryPolicy retry, int threads) {
  public PipelineSpec {
    Objects.requireNonNull(retry, "retry");
    if (threads < 1) {
      throw io.millrace.api.MillraceException.user("Cannot use threads=%d: must be >= 1", threads);
    }
  }
}
