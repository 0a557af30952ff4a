package io.millrace.cli.internal;

import io.millrace.api.Secrets;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Output helpers: results on stdout, progress and errors on stderr. Lines go through
 * {@link Secrets#mask}: messages and progress never show a password.
 */
public final class Console {
  private Console() {}

  public static void out(String line) {
    System.out.println(Secrets.mask(line));
  }

  public static void err(String line) {
    System.err.println(Secrets.mask(line));
  }

  private static boolean logsMasked;

  /**
   * Masks secrets in log records too (warnings carry exception messages and stack traces): wraps
   * the formatter of every handler of the root logger. Idempotent.
   */
  public static synchronized void maskLogs() {
    if (logsMasked) {
      return;
    }
    logsMasked = true;
    for (Handler h : Logger.getLogger("").getHandlers()) {
      Formatter inner = h.getFormatter();
      h.setFormatter(new Formatter() {
        @Override
        public String format(LogRecord r) {
          return Secrets.mask(inner.format(r));
        }
      });
    }
  }

  /** Prints the stack trace of {@code t} to stderr, secrets masked (causes carry driver messages). */
  public static void stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    System.err.print(Secrets.mask(w.toString()));
  }

  public static PrintStream stdout() {
    return System.out;
  }

  /** True when stderr is a terminal, so progress can redraw lines. */
  public static boolean interactive() {
    return System.console() != null && System.getenv("CI") == null;
  }
}
