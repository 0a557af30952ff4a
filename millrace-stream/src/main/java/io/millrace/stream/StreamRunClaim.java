package io.millrace.stream;

import io.millrace.api.MillraceException;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.RunStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The run record of a stream job's process, closed even when the process is not: a process killed
 * with {@code kill -9} (or a crash) cannot record its run's end, so its run would stay
 * {@code running} forever. While a job runs, its process holds an OS lock on
 * {@code <stateDir>/streams/<job>.run.lock} (released by the OS when the process dies, however it
 * dies) and names its run id in {@code <job>.run}. The next start of that job takes the lock: if the
 * run named there is still {@code running} in the run store, its process is gone, and the run is
 * marked failed ("abandoned"), ended now.
 *
 * <p>Batch runs are closed by {@code AbandonedRuns} when the project's run lock is taken over; that
 * leaves stream runs alone, because a stream job does not hold the project's run lock. When the
 * lock is held by another live process (the same job running there), nothing is marked.
 */
public final class StreamRunClaim implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;
  private final Path runFile;
  private final List<String> abandoned;

  private StreamRunClaim(FileChannel channel, FileLock lock, Path runFile, List<String> abandoned) {
    this.channel = channel;
    this.lock = lock;
    this.runFile = runFile;
    this.abandoned = abandoned;
  }

  /**
   * Claims job {@code job} for run {@code runId}, closing the record of a previous run of it whose
   * process died.
   *
   * @param stateDir the project's {@code .millrace} folder
   * @throws MillraceException EXTERNAL when the lock file cannot be written
   */
  public static StreamRunClaim claim(Path stateDir, String job, RunStore store, String runId) {
    Path dir = stateDir.resolve("streams");
    Path lockFile = dir.resolve(job + ".run.lock");
    Path runFile = dir.resolve(job + ".run");
    try {
      Files.createDirectories(dir);
      FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        lock = null;   // held in this JVM: that run is alive
      }
      if (lock == null) {   // another live process runs this job: its run is not abandoned
        ch.close();
        return new StreamRunClaim(null, null, null, List.of());
      }
      List<String> marked = List.of();
      if (Files.exists(runFile)) {
        String previous = Files.readString(runFile, StandardCharsets.UTF_8).trim();
        Optional<RunRecord> r = previous.isEmpty() ? Optional.empty() : store.run(previous);
        if (r.isPresent() && r.get().state() == RunState.RUNNING && !previous.equals(runId)) {
          RunRecord x = r.get();
          store.saveRun(new RunRecord(x.runId(), x.project(), x.trigger(), x.intervalStart(), x.intervalEnd(),
              RunState.FAILED, x.startedAt(), Instant.now(), x.rowsIn(), x.rowsOut(), x.rejected(), x.quarantined(),
              "abandoned: the process of stream job '" + job + "' ended without closing its run (killed or crashed); "
                  + "found by the next start, run " + runId));
          marked = List.of(x.runId());
        }
      }
      Files.writeString(runFile, runId, StandardCharsets.UTF_8);
      return new StreamRunClaim(ch, lock, runFile, marked);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot claim stream job '%s' in %s: %s", job, dir, e.getMessage());
    }
  }

  /** Run ids of earlier runs of the job marked failed because their process died (at most one). */
  public List<String> abandoned() {
    return abandoned;
  }

  /** Whether this process holds the job's lock (false when another live process runs the job). */
  public boolean held() {
    return lock != null;
  }

  /** Releases the lock; the run file stays (the run store then says how the run ended). */
  @Override
  public void close() {
    if (channel == null) {
      return;
    }
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the OS releases it when the process ends
    }
  }

  /** Where the running run's id is written (for tests). */
  Path runFile() {
    return runFile;
  }
}
