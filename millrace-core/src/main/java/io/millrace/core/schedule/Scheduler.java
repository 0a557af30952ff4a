package io.millrace.core.schedule;

import io.millrace.api.project.Schedule;
import io.millrace.api.run.RunState;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a pipeline's due intervals, then sleeps until the next interval completes, until stopped.
 *
 * <p>Each due interval is handed to the callback in order; the scheduler then considers it done
 * whether the run succeeded or not (a failed interval is recorded by the runner and re-run with a
 * backfill). An exception thrown by the callback ends {@link #run}. Time comes from the
 * {@link Clock} and waiting from the {@link Sleeper}, so tests drive it with a fake clock.
 *
 * <p>With {@link #leased leases}, several schedulers (processes, machines) share one pipeline: each
 * claims an interval before running it, so every interval runs exactly once. Intervals still run
 * oldest first, one at a time: a scheduler that finds the interval held by another waits (polling
 * a few times per lease period) until it is completed, or until the holder's lease expires and it
 * can take the interval over. While the callback runs, a heartbeat thread renews the lease every
 * third of its duration; the outcome is recorded only if the lease is still current (fencing). A
 * run stopped by {@link #stop} releases its interval for another scheduler to take at once.
 *
 * <p>Thread-safety: {@link #run} is called from one thread; {@link #stop} from any thread.
 */
public final class Scheduler {
  /** Runs one interval while holding its lease (null without leases) and returns the run's state. */
  @FunctionalInterface
  public interface LeasedRun {
    /**
     * @return the run's final state; CANCELLED gives the interval up unfinished (it is not
     *     completed), any other state completes it
     */
    RunState run(Interval interval, Lease lease);
  }

  /** Waits for a while; interruptible. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    /** Real waiting with {@link Thread#sleep}. */
    static Sleeper system() {
      return d -> Thread.sleep(Math.max(0, d.toMillis()));
    }
  }

  private final Schedule schedule;
  private final LocalDateTime startDate;
  private final boolean catchup;
  private final Clock clock;
  private final Sleeper sleeper;
  private volatile LocalDateTime lastCompletedEnd;
  private volatile boolean stopped;
  private volatile Thread runner;
  private boolean sleeping;
  private IntervalLeases leases;
  private Consumer<String> log = m -> { };

  /**
   * @param lastCompletedEnd end of the last interval already run (from the run store), or null
   */
  public Scheduler(Schedule schedule, LocalDateTime startDate, boolean catchup,
                   LocalDateTime lastCompletedEnd, Clock clock, Sleeper sleeper) {
    this.schedule = schedule;
    this.startDate = startDate;
    this.catchup = catchup;
    this.lastCompletedEnd = lastCompletedEnd;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * Shares the pipeline with other schedulers through {@code leases} (see the class comment); call
   * before {@link #run}.
   *
   * @param log receives one line per lease event (waiting, taking over, lost), for the operator
   */
  public Scheduler leased(IntervalLeases leases, Consumer<String> log) {
    this.leases = leases;
    this.log = log;
    return this;
  }

  /** Runs the intervals due now, oldest first, and returns them. */
  public List<Interval> runDue(Consumer<Interval> callback) {
    return runDueLeased(asLeased(callback));
  }

  /**
   * Runs the intervals due now, oldest first (with leases: those no other scheduler completed or
   * completes meanwhile), and returns the due ones.
   */
  public List<Interval> runDueLeased(LeasedRun callback) {
    List<Interval> due = Intervals.due(schedule, startDate, catchup, lastCompletedEnd, now());
    for (Interval i : due) {
      if (stopped) {
        break;
      }
      if (leases == null) {
        callback.run(i, null);
      } else if (!claimAndRun(i, callback)) {
        break;
      }
      // @once has start == end; mark it done with a time after it so it is never due again.
      lastCompletedEnd = i.end().equals(i.start()) ? i.end().plusNanos(1) : i.end();
    }
    return due;
  }

  private static LeasedRun asLeased(Consumer<Interval> callback) {
    return (interval, lease) -> {
      callback.accept(interval);
      return RunState.SUCCESS;
    };
  }

  /**
   * Claims the interval and runs it, or waits for its holder. False when the scheduler was stopped
   * before the interval was done (by anyone).
   */
  private boolean claimAndRun(Interval interval, LeasedRun callback) {
    String waitingFor = null;
    while (!stopped) {
      IntervalLeases.Claim claim = leases.claim(interval);
      if (claim instanceof IntervalLeases.Completed c) {
        if (waitingFor != null) {
          log.accept("interval " + interval + " completed by " + c.holder() + " (" + c.outcome().toLowerCase() + ")");
        }
        return true;
      }
      if (claim instanceof IntervalLeases.Acquired a) {
        if (a.lease().previousHolder() != null) {
          log.accept("taking over interval " + interval + " from " + a.lease().previousHolder()
              + (a.lease().previousExpired() ? " (its lease expired)" : " (released)") + ", token " + a.lease().token());
        }
        return hold(a.lease(), callback);
      }
      IntervalLeases.Held h = (IntervalLeases.Held) claim;
      if (!String.valueOf(h.holder()).equals(waitingFor)) {
        waitingFor = String.valueOf(h.holder());
        log.accept("interval " + interval + " is being run by " + waitingFor + "; waiting");
      }
      try {
        sleep(pollPeriod(h.expiresInMillis()));
      } catch (InterruptedException e) {
        if (!stopped) {
          Thread.currentThread().interrupt();
        }
        return false;
      }
    }
    return false;
  }

  /** A few polls per lease period, and soon after the holder's lease would expire. */
  private Duration pollPeriod(long expiresInMillis) {
    return pollPeriod(leases.duration(), expiresInMillis);
  }

  /** How long a process waiting for an interval's holder sleeps between two claims. */
  static Duration pollPeriod(Duration lease, long expiresInMillis) {
    long quarter = Math.max(50, Math.min(1000, lease.toMillis() / 4));
    return Duration.ofMillis(expiresInMillis > 0 ? Math.min(quarter, expiresInMillis + 10) : quarter);
  }

  private boolean hold(Lease lease, LeasedRun callback) {
    try {
      return LeaseHeartbeat.hold(leases, lease, callback, log) != RunState.CANCELLED;
    } catch (RuntimeException e) {
      if (!lease.valid()) {
        log.accept("gave up interval " + lease.interval() + ": " + e.getMessage());
        return true;   // it is another scheduler's now
      }
      throw e;
    }
  }

  /**
   * Loops: run due intervals, sleep until the next one completes. Returns when {@link #stop} is
   * called, when the thread is interrupted, or (for {@code @once}) after the single run.
   */
  public void run(Consumer<Interval> callback) {
    runLeased(asLeased(callback));
  }

  /** {@link #run(Consumer)} with the interval's lease handed to the callback. */
  public void runLeased(LeasedRun callback) {
    runner = Thread.currentThread();
    try {
      while (!stopped) {
        runDueLeased(callback);
        LocalDateTime now = now();
        LocalDateTime next = schedule.next(now);
        if (stopped || next.equals(LocalDateTime.MAX)) {
          return;
        }
        sleep(Duration.between(now, next));
      }
    } catch (InterruptedException e) {
      if (!stopped) {
        Thread.currentThread().interrupt();
      }
    } finally {
      runner = null;
    }
  }

  /**
   * Stops {@link #run} after the interval in progress (which is not interrupted); wakes it if it
   * is sleeping.
   */
  public void stop() {
    synchronized (this) {
      stopped = true;
      Thread t = runner;
      if (sleeping && t != null && t != Thread.currentThread()) {
        t.interrupt();
      }
    }
  }

  private void sleep(Duration d) throws InterruptedException {
    synchronized (this) {
      if (stopped) {
        return;
      }
      sleeping = true;
    }
    try {
      sleeper.sleep(d);
    } finally {
      synchronized (this) {
        sleeping = false;
        if (stopped) {
          Thread.interrupted(); // a stop() racing with the end of the sleep must not leak its interrupt
        }
      }
    }
  }

  /** End of the last interval handed to the callback (or given at construction), or null. */
  public LocalDateTime lastCompletedEnd() {
    return lastCompletedEnd;
  }

  private LocalDateTime now() {
    return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
