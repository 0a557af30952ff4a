package io.millrace.core.schedule;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import java.time.Duration;
import java.util.Objects;

/**
 * One scheduler's claim on one interval, from {@link IntervalLeases#claim}: valid until its
 * expiry unless renewed, and superseded at once when another scheduler takes the interval over
 * (which it may only do after expiry). {@link #token} is the fencing token: it grows with every
 * take-over, and the store accepts a renewal or completion only with the current one.
 *
 * <p>{@link #valid} is this process's conservative view: false once a renewal was refused, or once
 * the lease ran out locally (a safety margin before the store's expiry) without a successful
 * renewal. Thread-safe.
 *
 * @see IntervalLeases
 */
public final class Lease {
  private final Interval interval;
  private final long token;
  private final String holder;
  private final Duration duration;
  private final String previousHolder;
  private final String previousRunId;
  private final boolean previousExpired;
  private volatile long validUntilNanos;
  private volatile boolean lost;

  /**
   * @param requestedAtNanos {@link System#nanoTime} taken before the statement that acquired it
   * @param previousHolder the scheduler whose expired (or released) lease this one took over, or null
   * @param previousRunId that scheduler's unfinished run of the interval when its lease expired, or null
   * @param previousExpired true when the previous holder's lease expired, false when it released it
   */
  public Lease(Interval interval, long token, String holder, Duration duration, long requestedAtNanos,
               String previousHolder, String previousRunId, boolean previousExpired) {
    this.interval = Objects.requireNonNull(interval, "interval");
    this.token = token;
    this.holder = Objects.requireNonNull(holder, "holder");
    this.duration = Objects.requireNonNull(duration, "duration");
    this.previousHolder = previousHolder;
    this.previousRunId = previousRunId;
    this.previousExpired = previousExpired;
    renewed(requestedAtNanos);
  }

  public Interval interval() {
    return interval;
  }

  public long token() {
    return token;
  }

  public String holder() {
    return holder;
  }

  /** The scheduler whose lease expired, or who released the interval, before this one took it; or null. */
  public String previousHolder() {
    return previousHolder;
  }

  /** The run of {@link #previousHolder} that never finished (its lease expired), or null. */
  public String previousRunId() {
    return previousRunId;
  }

  /** Whether {@link #previousHolder} lost the interval by letting its lease expire (not by releasing it). */
  public boolean previousExpired() {
    return previousExpired;
  }

  /** Whether this process may still act as the interval's holder (see the class comment). */
  public boolean valid() {
    return !lost && System.nanoTime() - validUntilNanos < 0;
  }

  /**
   * Fencing for work in progress: call before each step with lasting effects.
   *
   * @throws MillraceException EXTERNAL when the lease is no longer {@link #valid}
   */
  public void check() {
    if (!valid()) {
      throw new MillraceException(ErrorKind.EXTERNAL, String.format("Cannot continue interval %s: scheduler %s "
          + "lost its lease (token %d)%s; another scheduler runs it", interval, holder, token,
          lost ? "" : " (not renewed in time)"));
    }
  }

  /** A renewal sent at {@code requestedAtNanos} succeeded. */
  void renewed(long requestedAtNanos) {
    // The store's expiry is its clock at the statement plus the duration, so later than this; the
    // tenth kept back covers clock-rate drift and the time to act on a last check().
    validUntilNanos = requestedAtNanos + duration.toNanos() - duration.toNanos() / 10;
  }

  /** A renewal or completion was refused: another scheduler has taken the interval over. */
  void markLost() {
    lost = true;
  }

  @Override
  public String toString() {
    return "Lease[" + interval + ", token " + token + ", " + holder + "]";
  }
}
