package io.millrace.core.schedule;

import io.millrace.api.run.RunState;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Holding one acquired lease while its interval runs: a heartbeat thread renews it every third of
 * its duration, and the run's outcome completes it (fenced: only with the current token) or, for a
 * cancelled or failed run, releases it. Shared by the {@link Scheduler} and {@link ExclusiveIntervals}.
 */
final class LeaseHeartbeat {
  private LeaseHeartbeat() {}

  /**
   * Runs {@code callback} while renewing {@code lease}, then completes the lease with the run's state
   * (CANCELLED releases it instead). A callback that throws releases the lease if it is still
   * {@link Lease#valid valid}, and the exception is rethrown.
   */
  static RunState hold(IntervalLeases leases, Lease lease, Scheduler.LeasedRun callback, Consumer<String> log) {
    ScheduledExecutorService heartbeat = start(leases, lease, log);
    RunState state;
    try {
      state = callback.run(lease.interval(), lease);
    } catch (RuntimeException e) {
      stop(heartbeat);
      if (lease.valid()) {
        release(leases, lease, e);
      }
      throw e;
    }
    stop(heartbeat);
    if (state == RunState.CANCELLED) {
      release(leases, lease, null);
    } else if (!leases.complete(lease, state.name(), null)) {
      lease.markLost();
      log.accept("interval " + lease.interval() + " was taken over by another scheduler while this one ran it "
          + "(lease token " + lease.token() + " is stale): its outcome is not recorded as the interval's");
    }
    return state;
  }

  private static ScheduledExecutorService start(IntervalLeases leases, Lease lease, Consumer<String> log) {
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "millrace-lease-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(10, leases.duration().toMillis() / 3);
    ex.scheduleWithFixedDelay(() -> renew(leases, lease, log), period, period, TimeUnit.MILLISECONDS);
    return ex;
  }

  private static void renew(IntervalLeases leases, Lease lease, Consumer<String> log) {
    long requested = System.nanoTime();
    try {
      if (leases.renew(lease)) {
        lease.renewed(requested);
      } else {
        lease.markLost();
        log.accept("lost the lease of interval " + lease.interval() + ": another scheduler took it over");
      }
    } catch (RuntimeException e) {
      log.accept("cannot renew the lease of interval " + lease.interval() + " (will retry): " + e.getMessage());
    }
  }

  private static void stop(ScheduledExecutorService heartbeat) {
    heartbeat.shutdown();   // not shutdownNow: a renewal in flight finishes its statement
    try {
      heartbeat.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void release(IntervalLeases leases, Lease lease, RuntimeException failure) {
    try {
      leases.release(lease);
    } catch (RuntimeException e) {
      if (failure == null) {
        throw e;
      }
      failure.addSuppressed(e);
    }
  }
}
