package io.millrace.cli.internal;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A project's run lock ({@code .millrace/run.lock}): two processes running one project would race
 * on its tables (a merge reads the current rows, then replaces them), so the second one stops at
 * once instead. Released on {@link #close} or when the process ends.
 */
final class RunLock implements AutoCloseable {
  private final FileChannel channel;

  private RunLock(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * @throws MillraceException EXTERNAL (retryable, exit 3) when another process holds the lock
   */
  static RunLock acquire(String project, Path stateDir) {
    Path file = stateDir.resolve("run.lock");
    try {
      Files.createDirectories(stateDir);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;  // held by this JVM
      }
      if (lock == null) {
        channel.close();
        throw new MillraceException(ErrorKind.EXTERNAL, String.format(
            "Cannot run project '%s': another millrace process is running it (lock %s); wait for it to finish",
            project, file));
      }
      return new RunLock(channel);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot lock project '%s' (%s): %s", project, file, e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      Console.err("warning: cannot release the run lock: " + e.getMessage());
    }
  }
}
