package io.millrace.cli.internal;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * A project's run lock ({@code .millrace/run.lock}): two processes running one project would race
 * on its tables (a merge reads the current rows, then replaces them), so the second one stops at
 * once instead. Released on {@link #close} or when the process ends.
 *
 * <p>The holder writes its process id into the file and clears it on {@link #close}. The lock itself
 * is the operating system's, so it is free once its holder dies; a process id still in the file
 * when the lock is taken means the previous holder died without finishing ({@code kill -9}, a
 * crash, a power cut): {@link #deadHolder} reports it, so its runs can be marked abandoned.
 */
final class RunLock implements AutoCloseable {
  private final FileChannel channel;
  private final OptionalLong deadHolder;

  private RunLock(FileChannel channel, OptionalLong deadHolder) {
    this.channel = channel;
    this.deadHolder = deadHolder;
  }

  /**
   * @throws MillraceException EXTERNAL (retryable, exit 3) when another process holds the lock
   */
  static RunLock acquire(String project, Path stateDir) {
    Path file = stateDir.resolve("run.lock");
    try {
      Files.createDirectories(stateDir);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
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
      OptionalLong previous = holder(channel);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return new RunLock(channel, previous);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot lock project '%s' (%s): %s", project, file, e.getMessage());
    }
  }

  private static OptionalLong holder(FileChannel channel) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(32);
    channel.read(buf, 0);
    String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
    try {
      return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();   // not written by a holder: nothing to recover
    }
  }

  /** The process id of a previous holder that died holding the lock, if any. */
  OptionalLong deadHolder() {
    return deadHolder;
  }

  @Override
  public void close() {
    try {
      channel.truncate(0);   // a clean release: the next holder has nothing to recover
      channel.close();
    } catch (IOException e) {
      Console.err("warning: cannot release the run lock: " + e.getMessage());
    }
  }
}
