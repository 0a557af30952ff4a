package io.millrace.core.pipeline.internal;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Bounds how many nodes run heavy engine work (source loads, staging writes, checks) at once, and
 * grants a free slot to the waiting node with the highest priority (the longest chain below it).
 *
 * <p>Design note: DuckDB already spreads one query over every core, so two CPU-bound queries at once
 * only contend (measured on 2 cores, 10M rows: three aggregate models side by side took 3.2 s, one
 * after the other 2.0 s). Exports (bound by SQLite or PostgreSQL) and Iceberg commits are not engine
 * work and still overlap with it, which is where running nodes in parallel pays off. Default: one
 * slot per four cores, at least one. Thread-safe.
 *
 * <p>Hand-over: a node releases its slot before it commits, and the node it unblocks arrives only
 * after that commit; a lower-priority node already waiting would take the slot in between and hold
 * it for its whole query (measured on the sales-etl example: {@code daily_summary} ran in that gap
 * and delayed {@code sales_data}, the longest chain, by about 0.5 s). So a release may hold the slot
 * for a successor's priority: only a node at least that urgent may take it, until one does or
 * {@link #HOLD_NANOS} pass (a bound, so a successor that never comes, e.g. after a failed commit,
 * costs at most that much idle slot time).
 */
final class EngineSlots {
  private record Waiter(long priority, long order) {}

  private final PriorityQueue<Waiter> waiting = new PriorityQueue<>(
      Comparator.comparingLong(Waiter::priority).reversed().thenComparingLong(Waiter::order));
  private final PhaseTimes times;
  /** The longest a released slot is held for a successor. */
  static final long HOLD_NANOS = 500_000_000L;
  /** No successor to hold a slot for. */
  static final long NO_HOLD = Long.MIN_VALUE;

  private int free;
  private long arrivals;
  /** Priority a free slot is held for ({@link #NO_HOLD}: none), and until when (System.nanoTime). */
  private long heldFor = NO_HOLD;
  private long heldUntil;

  EngineSlots(int slots, PhaseTimes times) {
    this.free = Math.max(1, slots);
    this.times = times;
  }

  static int defaultSlots() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 4);
  }

  /** Runs {@code work} holding a slot; its time (not the wait) counts towards {@code phase}. */
  <T> T run(long priority, String phase, Supplier<T> work) {
    return run(priority, phase, work, () -> NO_HOLD);
  }

  /**
   * As {@link #run(long, String, Supplier)}; on release, the slot is held for {@code successor}'s
   * priority (asked then; {@link #NO_HOLD} for none) when no waiting node is as urgent.
   */
  <T> T run(long priority, String phase, Supplier<T> work, LongSupplier successor) {
    acquire(priority);
    long hold = NO_HOLD;
    try {
      T result = times.time(phase, work);
      hold = successor.getAsLong();
      return result;
    } finally {
      release(hold);
    }
  }

  private synchronized void acquire(long priority) {
    Waiter me = new Waiter(priority, arrivals++);
    waiting.add(me);
    try {
      long wait;
      while ((wait = waitNanos(me)) != 0) {
        if (wait < 0) {
          wait();
        } else {
          NANOSECONDS.timedWait(this, wait);
        }
      }
    } catch (InterruptedException e) {
      waiting.remove(me);
      notifyAll();
      Thread.currentThread().interrupt();
      throw new CancellationException("cancelled while waiting for the engine");
    }
    waiting.poll();
    free--;
    if (priority >= heldFor) {
      heldFor = NO_HOLD;   // a node at least as urgent as the successor has a slot: hold no more
    }
  }

  /** 0 when {@code me} may take a slot now; else how long to wait (negative: until notified). */
  private long waitNanos(Waiter me) {
    if (free == 0 || waiting.peek() != me) {
      return -1;
    }
    if (me.priority() >= heldFor || free > 1) {   // urgent enough, or a slot not held is free
      return 0;
    }
    long left = heldUntil - System.nanoTime();
    if (left <= 0) {
      heldFor = NO_HOLD;
      return 0;
    }
    return left;
  }

  /** Nodes waiting for a slot (for tests). */
  synchronized int waiting() {
    return waiting.size();
  }

  private synchronized void release(long successor) {
    free++;
    Waiter next = waiting.peek();
    if (successor != NO_HOLD && (next == null || next.priority() < successor)) {
      heldFor = successor;
      heldUntil = System.nanoTime() + HOLD_NANOS;
    }
    notifyAll();
  }
}
