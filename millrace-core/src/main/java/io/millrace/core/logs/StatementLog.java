package io.millrace.core.logs;

import io.millrace.api.Secrets;
import io.millrace.api.spi.EngineSession;
import io.millrace.core.exec.TimedSession;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Appends a node attempt's engine statements ({@link TimedSession} lines) to its log
 * ({@link NodeLogs#file}), as {@code <time> INFO <call> <ms> ms, <n> rows: <sql>} ({@code WARN} for a
 * call that failed; the error itself is logged when the attempt ends). The file is opened on the first
 * line and kept open (in append mode, so the run's other log lines interleave whole) until the session
 * closes. Lines are masked ({@link Secrets#mask}). A log that cannot be written never fails the node.
 */
public final class StatementLog implements TimedSession.Sink, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(StatementLog.class.getName());
  private final Path file;
  private OutputStream out;
  private boolean broken;

  StatementLog(Path file) {
    this.file = file;
  }

  /** {@code session}, logging each call into the log of {@code node}'s attempt {@code attempt} of run {@code runId}. */
  public static EngineSession wrap(EngineSession session, Path stateDir, String runId, String node, int attempt) {
    return new TimedSession(session, new StatementLog(NodeLogs.file(stateDir, runId, node, attempt)));
  }

  @Override
  public synchronized void statement(boolean ok, String line) {
    if (broken) {
      return;
    }
    String text = Instant.now() + (ok ? " INFO " : " WARN ") + Secrets.mask(line).replace('\r', ' ').replace('\n', ' ') + "\n";
    try {
      if (out == null) {
        Files.createDirectories(file.getParent());
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
      out.write(text.getBytes(StandardCharsets.UTF_8));   // one write: whole lines between other writers
    } catch (IOException e) {
      broken = true;
      LOG.log(System.Logger.Level.WARNING, "Cannot write node log " + file + ": " + e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "Cannot close node log " + file + ": " + e.getMessage());
      }
      out = null;
    }
  }
}
