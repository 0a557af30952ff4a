package io.millrace.stream;

import java.time.Duration;

/**
 * What the warm-up before a job's start did: {@code events} generated events put through a copy of
 * the job's topology in memory, which wrote {@code outputs} records to its in-memory output, events
 * and dead-letter topics, in {@code took} (of which {@code settle} waiting for the JIT to finish
 * compiling what it queued). See {@link StreamJob#start(io.millrace.api.stream.StreamJobSpec, String,
 * String, java.nio.file.Path, EventCheck, StreamMetrics, long)}.
 */
public record Warmup(long events, long outputs, Duration took, Duration settle) {
  public Warmup {
    if (events < 1) {
      throw new IllegalArgumentException("a warm-up puts at least 1 event through the topology, not " + events);
    }
  }
}
