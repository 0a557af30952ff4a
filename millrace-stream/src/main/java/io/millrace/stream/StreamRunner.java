package io.millrace.stream;

import io.millrace.api.MillraceException;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.Warehouse;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.stream.internal.LakeSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A stream job together with its lake sink: the topology runs on Kafka Streams' threads, the sink on
 * its own thread, committing to the warehouse every {@code commit_interval}. {@link #close} stops the
 * job, then reads the job's topics to their end into the warehouse, so every processed event is in
 * the tables when it returns.
 */
public final class StreamRunner implements AutoCloseable {
  private final StreamJob job;
  private final LakeSink sink;
  private final Thread sinkThread;
  private volatile RuntimeException sinkError;

  private StreamRunner(StreamJob job, LakeSink sink) {
    this.job = job;
    this.sink = sink;
    this.sinkThread = new Thread(this::runSink, "millrace-lake-sink-" + job.spec().name());
    sinkThread.setDaemon(true);
    Background.lowPriority(sinkThread);
  }

  /**
   * @param stateDir the project's {@code .millrace} folder (or an instance's folder, when several instances
   *     of the job run on one host): state stores under {@code streams/<job>}
   * @param runId recorded in each lake snapshot
   */
  public static StreamRunner start(StreamJobSpec spec, String bootstrapServers, String applicationId, Path stateDir,
                                   EventCheck check, StreamMetrics metrics, Warehouse warehouse,
                                   Supplier<EngineSession> sessions, String runId) {
    return start(spec, bootstrapServers, applicationId, stateDir, check, metrics, warehouse, sessions, runId, 0);
  }

  /**
   * As above, after a warm-up of the job's per-event path on {@code warmupEvents} generated events
   * (0: none); see {@link StreamJob#start(StreamJobSpec, String, String, Path, EventCheck, StreamMetrics, long)}.
   */
  public static StreamRunner start(StreamJobSpec spec, String bootstrapServers, String applicationId, Path stateDir,
                                   EventCheck check, StreamMetrics metrics, Warehouse warehouse,
                                   Supplier<EngineSession> sessions, String runId, long warmupEvents) {
    StreamJob job = StreamJob.start(spec, bootstrapServers, applicationId, stateDir.resolve("streams").resolve(spec.name()),
        check, metrics, warmupEvents);
    LakeSink sink;
    try {
      sink = new LakeSink(spec, bootstrapServers, applicationId, warehouse, sessions, stateDir.resolve("stream-staging"),
          runId, job.featureTypes());
      sink.resume();
    } catch (RuntimeException e) {
      job.close();
      throw e;
    }
    StreamRunner r = new StreamRunner(job, sink);
    r.sinkThread.start();
    return r;
  }

  private void runSink() {
    try {
      sink.run();
    } catch (RuntimeException e) {
      sinkError = e;
    } catch (Error e) {
      // e.g. a library class that fails to initialise: surface it instead of a silently dead sink
      sinkError = io.millrace.api.MillraceException.internal(e, "Cannot write stream job '%s' to the warehouse: %s",
          job.spec().name(), e);
    }
  }

  public StreamJob job() {
    return job;
  }

  /** Rows committed to the warehouse so far. */
  public long committedRows() {
    return sink.committedRows();
  }

  /** Throws the lake sink's failure, if it failed. */
  public void check() {
    job.check();
    if (sinkError != null) {
      throw sinkError;
    }
  }

  /**
   * Waits until the job has read {@code events} input records, its input is no longer moving (no
   * record for {@code quiet}) and it has committed every input record (so all its outputs are
   * written).
   *
   * @throws MillraceException EXTERNAL when that does not happen within {@code timeout}
   */
  public void awaitProcessed(long events, Duration quiet, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long last = -1;
    long stableSince = System.nanoTime();
    while (true) {
      check();
      long in = job.metrics().snapshot().eventsIn();
      if (in != last) {
        last = in;
        stableSince = System.nanoTime();
      }
      if (in >= events && System.nanoTime() - stableSince >= quiet.toNanos() && job.uncommitted() == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw MillraceException.external(null, "Cannot finish stream job '%s': %d of %d events processed after %s",
            job.spec().name(), in, events, timeout);
      }
      StreamJob.sleep(100);
    }
  }

  @Override
  public void close() {
    job.close();
    sink.stop();
    try {
      sinkThread.join(Duration.ofSeconds(60).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      check();
      sink.drain(Duration.ofSeconds(60));
    } finally {
      sink.close();
    }
  }
}
