package io.millrace.cli.internal;

import io.millrace.api.MillraceException;
import io.millrace.features.online.RocksDbOnlineStore;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the server's RocksDB reader in step with the store's writer ({@code materialize}, a stream job) from one
 * background thread, so that no lookup waits for a catch-up. A catch-up costs milliseconds (measured 1-15 ms on 2
 * busy cores), which inline before a lookup was most of the lookup's latency. It runs every {@code minMillis} at
 * most, and never more often than every 4 times its own last cost, which bounds it to a fifth of a core; writes
 * are visible to lookups within one period. A failed catch-up keeps serving the last state and is retried.
 */
final class CatchUpLoop implements AutoCloseable {
  private final RocksDbOnlineStore store;
  private final long minNanos;
  private final Thread thread;
  private volatile boolean closed;

  CatchUpLoop(RocksDbOnlineStore store, long minMillis) {
    this.store = store;
    this.minNanos = TimeUnit.MILLISECONDS.toNanos(minMillis);
    this.thread = new Thread(this::run, "millrace-online-catch-up");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (!closed) {
      long start = System.nanoTime();
      try {
        store.catchUp();
      } catch (MillraceException e) {
        // the store stays readable at its last state; the next round retries
      }
      long cost = System.nanoTime() - start;
      long pause = Math.max(minNanos, 4 * cost);
      try {
        TimeUnit.NANOSECONDS.sleep(pause);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
