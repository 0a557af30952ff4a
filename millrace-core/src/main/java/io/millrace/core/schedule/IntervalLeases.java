package io.millrace.core.schedule;

import java.time.Duration;

/**
 * Leases on a pipeline's intervals in a store shared by several schedulers, so that each interval
 * runs exactly once: a scheduler {@link #claim claims} an interval before running it, renews the
 * lease while it runs, and {@link #complete completes} it with the run's outcome; a completed
 * interval is never claimed again (except a failed one by a scheduler started after the failure,
 * as a restarted scheduler retries its failed last interval). When a scheduler dies, its lease
 * expires and the next claim takes the interval over with a higher fencing token; the dead (or
 * merely stalled) holder's renewals and completion are then refused.
 *
 * <p>Expiry is judged by the store's clock. Implementations are thread-safe (a heartbeat thread
 * renews while the scheduler thread runs). Store failures are thrown as EXTERNAL
 * {@link io.millrace.api.MillraceException}s.
 */
public interface IntervalLeases extends AutoCloseable {
  /** What a claim found. */
  sealed interface Claim permits Acquired, Completed, Held {}

  /** The interval is this scheduler's until the lease expires or is renewed. */
  record Acquired(Lease lease) implements Claim {}

  /** The interval already ran to the end ({@code outcome}: the run's state, e.g. SUCCESS, FAILED). */
  record Completed(String holder, String outcome, String runId) implements Claim {}

  /** Another scheduler holds it, for {@code expiresInMillis} more unless it renews. */
  record Held(String holder, long expiresInMillis) implements Claim {}

  /** This scheduler's instance id, recorded as the holder of its leases. */
  String holder();

  /** How long a lease lasts without renewal. */
  Duration duration();

  /** Tries to take the interval (atomically: two schedulers never both acquire it). */
  Claim claim(Interval interval);

  /**
   * Like {@link #claim}, but also takes an interval that was completed, to run it again (a backfill,
   * a resumed run of the interval): only a lease another process still holds stops it ({@link Held};
   * {@link Completed} only when the interval was completed between two steps of the claim: claim
   * again).
   */
  Claim claimRerun(Interval interval);

  /** Extends the lease; false when another scheduler has taken it over. */
  boolean renew(Lease lease);

  /** Records the run working on the leased interval (so a scheduler taking over can close it). */
  void attachRun(Lease lease, String runId);

  /**
   * Marks the interval done with the run's outcome, only if the lease is still current (fencing).
   *
   * @return false when another scheduler has taken it over: the
   *     outcome is then not recorded as the interval's
   */
  boolean complete(Lease lease, String outcome, String runId);

  /** Gives the interval up unfinished, so another scheduler can take it at once. */
  void release(Lease lease);

  @Override
  void close();
}
