package io.millrace.core.schedule;

import io.millrace.api.MillraceException;
import io.millrace.api.run.RunState;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs intervals outside a scheduler (a backfill, a resumed run of an interval) under the same
 * interval leases the schedulers take, so that no interval is ever run by two processes at once: the
 * interval is claimed (also when a scheduler already completed it: it is run again), the lease is
 * renewed while it runs and completed with the run's outcome. An interval another process holds is
 * either waited for (until its holder completes or releases it, or its lease expires) or refused
 * with an EXTERNAL error naming the holder.
 *
 * <p>Thread-safety: one interval at a time, from one thread.
 */
public final class ExclusiveIntervals {
  private final IntervalLeases leases;
  private final boolean wait;
  private final Consumer<String> log;
  private final Scheduler.Sleeper sleeper;

  /**
   * @param wait true to wait for an interval another process holds; false to refuse it
   * @param log receives one line per lease event (waiting, taking over, lost)
   */
  public ExclusiveIntervals(IntervalLeases leases, boolean wait, Consumer<String> log, Scheduler.Sleeper sleeper) {
    this.leases = Objects.requireNonNull(leases, "leases");
    this.wait = wait;
    this.log = Objects.requireNonNull(log, "log");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /**
   * Claims {@code interval}, runs {@code work} holding its lease and records the outcome on it.
   *
   * @param what what runs it, for messages (e.g. {@code backfill})
   * @return the run's state
   * @throws MillraceException EXTERNAL when another process holds the interval and this one does not
   *     wait (nothing ran), when waiting is interrupted, or when the lease store fails
   */
  public RunState run(Interval interval, String what, Scheduler.LeasedRun work) {
    String waitingFor = null;
    while (true) {
      IntervalLeases.Claim claim = leases.claimRerun(interval);
      if (claim instanceof IntervalLeases.Acquired a) {
        if (a.lease().previousHolder() != null && a.lease().previousExpired()) {
          log.accept("taking over interval " + interval + " from " + a.lease().previousHolder()
              + " (its lease expired), token " + a.lease().token());
        }
        return LeaseHeartbeat.hold(leases, a.lease(), work, log);
      }
      if (claim instanceof IntervalLeases.Held h) {
        if (!wait) {
          throw MillraceException.external(null, "Cannot %s interval %s: %s is running it (its lease ends in %s "
              + "unless renewed); run again once it is done, or add --wait to wait for it", what, interval,
              h.holder() == null ? "another process" : "scheduler " + h.holder(),
              io.millrace.core.project.Durations.format(Duration.ofMillis(Math.max(0, h.expiresInMillis()))));
        }
        if (!String.valueOf(h.holder()).equals(waitingFor)) {
          waitingFor = String.valueOf(h.holder());
          log.accept("interval " + interval + " is being run by " + waitingFor + "; waiting");
        }
        pause(interval, what, h.expiresInMillis());
      }
      // Completed: it was completed between the two steps of the claim; claim it again
    }
  }

  /** Waits as a scheduler waits for an interval's holder. */
  private void pause(Interval interval, String what, long expiresInMillis) {
    try {
      sleeper.sleep(Scheduler.pollPeriod(leases.duration(), expiresInMillis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw MillraceException.external(e, "Cannot %s interval %s: interrupted while waiting for its lease", what,
          interval);
    }
  }
}
