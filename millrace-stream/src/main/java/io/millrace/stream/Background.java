package io.millrace.stream;

/**
 * Threads that may lag behind the stream thread without anyone waiting on them (the lake sink
 * commits every {@code commit_interval}; the online feed writes the newest features per key) run
 * at the lowest priority, so on a busy machine the stream thread — whose delays are every event's
 * latency — gets the CPU first. Threads they create inherit it (pools
 * created earlier by other threads, such as DuckDB's, do not).
 *
 * <p>The JVM applies Java priorities on Linux only with {@code -XX:ThreadPriorityPolicy=1} (the
 * {@code ./millrace} launcher passes it to {@code stream}): the lowest priority is then nice 4, a
 * lowering any user may make. Without the flag this is a no-op. Measured in BENCHMARKS.md section 5.
 */
final class Background {
  private Background() {}

  static void lowPriority(Thread t) {
    t.setPriority(Thread.MIN_PRIORITY);
  }
}
