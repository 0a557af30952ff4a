package io.millrace.core.pipeline.internal;

import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.MetricPoint;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.spi.RunStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's attempt, check and metric records on their way to the run store, written in batches: one
 * transaction per flush instead of one per event (a node's RUNNING and SUCCESS records of the same
 * attempt collapse into the last). Flushed when a node ends and at least {@link #INTERVAL_MS} passed
 * since the last flush, when a node fails, and at the end of the run (success, failure or
 * cancellation), before the run's final record; so the store is complete when the run is, and a
 * process killed mid-run loses at most the last interval's progress records. Thread-safe.
 */
final class RunWrites {
  static final long INTERVAL_MS = 200;
  private final RunStore store;
  private final Map<String, NodeAttempt> attempts = new LinkedHashMap<>();
  private final List<CheckRecord> checks = new ArrayList<>();
  private final List<MetricPoint> metrics = new ArrayList<>();
  private long lastFlush = System.nanoTime();

  RunWrites(RunStore store) {
    this.store = store;
  }

  synchronized void attempt(NodeAttempt a) {
    attempts.put(a.node() + "\u0000" + a.attempt(), a);
  }

  synchronized void check(CheckRecord c) {
    checks.add(c);
  }

  synchronized void metrics(List<MetricPoint> points) {
    metrics.addAll(points);
  }

  /** Flushes when the interval has passed since the last flush. */
  synchronized void maybeFlush() {
    if (System.nanoTime() - lastFlush >= INTERVAL_MS * 1_000_000) {
      flush();
    }
  }

  /** Writes everything buffered; on failure the records stay buffered and the error is thrown. */
  synchronized void flush() {
    lastFlush = System.nanoTime();
    if (attempts.isEmpty() && checks.isEmpty() && metrics.isEmpty()) {
      return;
    }
    store.saveAll(List.copyOf(attempts.values()), List.copyOf(checks));
    attempts.clear();
    checks.clear();
    if (!metrics.isEmpty()) {
      store.saveMetrics(List.copyOf(metrics));
      metrics.clear();
    }
  }
}
