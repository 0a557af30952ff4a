package io.millrace.core.schedule;

import io.millrace.api.project.Schedule;
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
 * <p>Thread-safety: {@link #run} is called from one thread; {@link #stop} from any thread.
 */
public final class Scheduler {
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

  /** Runs the intervals due now, oldest first, and returns them. */
  public List<Interval> runDue(Consumer<Interval> callback) {
    List<Interval> due = Intervals.due(schedule, startDate, catchup, lastCompletedEnd, now());
    for (Interval i : due) {
      if (stopped) {
        break;
      }
      callback.accept(i);
      // @once has start == end; mark it done with a time after it so it is never due again.
      lastCompletedEnd = i.end().equals(i.start()) ? i.end().plusNanos(1) : i.end();
    }
    return due;
  }

  /**
   * Loops: run due intervals, sleep until the next one completes. Returns when {@link #stop} is
   * called, when the thread is interrupted, or (for {@code @once}) after the single run.
   */
  public void run(Consumer<Interval> callback) {
    runner = Thread.currentThread();
    try {
      while (!stopped) {
        runDue(callback);
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
