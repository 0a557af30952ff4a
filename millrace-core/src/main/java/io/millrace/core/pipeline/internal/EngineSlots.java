package io.millrace.core.pipeline.internal;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
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
 */
final class EngineSlots {
  private record Waiter(long priority, long order) {}

  private final PriorityQueue<Waiter> waiting = new PriorityQueue<>(
      Comparator.comparingLong(Waiter::priority).reversed().thenComparingLong(Waiter::order));
  private final PhaseTimes times;
  private int free;
  private long arrivals;

  EngineSlots(int slots, PhaseTimes times) {
    this.free = Math.max(1, slots);
    this.times = times;
  }

  static int defaultSlots() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 4);
  }

  /** Runs {@code work} holding a slot; its time (not the wait) counts towards {@code phase}. */
  <T> T run(long priority, String phase, Supplier<T> work) {
    acquire(priority);
    try {
      return times.time(phase, work);
    } finally {
      release();
    }
  }

  private synchronized void acquire(long priority) {
    Waiter me = new Waiter(priority, arrivals++);
    waiting.add(me);
    try {
      while (free == 0 || waiting.peek() != me) {
        wait();
      }
    } catch (InterruptedException e) {
      waiting.remove(me);
      notifyAll();
      Thread.currentThread().interrupt();
      throw new CancellationException("cancelled while waiting for the engine");
    }
    waiting.poll();
    free--;
  }

  private synchronized void release() {
    free++;
    notifyAll();
  }
}
