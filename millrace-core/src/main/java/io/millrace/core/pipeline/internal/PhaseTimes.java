package io.millrace.core.pipeline.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Where a run's time goes, summed over worker threads: source reads and staging writes (engine),
 * checks, Iceberg commits, exports. Thread-safe.
 */
public final class PhaseTimes {
  public static final String READ = "source reads";
  public static final String WRITE = "engine writes";
  public static final String CHECKS = "checks";
  public static final String COMMIT = "iceberg commits";
  public static final String EXPORT = "exports";

  private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();

  public <T> T time(String phase, Supplier<T> work) {
    long t = System.nanoTime();
    try {
      return work.get();
    } finally {
      nanos.computeIfAbsent(phase, p -> new LongAdder()).add(System.nanoTime() - t);
    }
  }

  /** Milliseconds per phase, in a fixed order, phases never entered left out. */
  public Map<String, Long> millis() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String p : new String[] {READ, WRITE, CHECKS, COMMIT, EXPORT}) {
      LongAdder a = nanos.get(p);
      if (a != null) {
        out.put(p, a.sum() / 1_000_000);
      }
    }
    return out;
  }
}
