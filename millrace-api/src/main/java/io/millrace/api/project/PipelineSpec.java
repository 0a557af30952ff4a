package io.millrace.api.project;

import java.time.Duration;
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
 * @param lease how long a scheduler's claim on an interval lasts without renewal (several
 *     schedulers on one run store); null means the default ({@link #DEFAULT_LEASE})
 */
public record PipelineSpec(Schedule schedule, LocalDateTime startDate, boolean catchup,
                           RetryPolicy retry, int threads, Duration lease) {
  /** The scheduler lease when {@code pipeline.lease} is not set. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  public PipelineSpec {
    Objects.requireNonNull(retry, "retry");
    if (threads < 1) {
      throw io.millrace.api.MillraceException.user("Cannot use threads=%d: must be >= 1", threads);
    }
    if (lease != null && lease.toMillis() < 100) {
      throw io.millrace.api.MillraceException.user("Cannot use lease=%s: must be at least 100ms", lease);
    }
  }

  /** Settings without a lease (the default one). */
  public PipelineSpec(Schedule schedule, LocalDateTime startDate, boolean catchup, RetryPolicy retry, int threads) {
    this(schedule, startDate, catchup, retry, threads, null);
  }

  /** {@link #lease}, or {@link #DEFAULT_LEASE} when not set. */
  public Duration leaseOrDefault() {
    return lease == null ? DEFAULT_LEASE : lease;
  }
}
