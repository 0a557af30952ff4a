package io.millrace.cli.internal;

import java.io.PrintStream;

/** Output helpers: results on stdout, progress and errors on stderr. */
public final class Console {
  private Console() {}

  public static void out(String line) {
    System.out.println(line);
  }

  public static void err(String line) {
    System.err.println(line);
  }

  public static PrintStream stdout() {
    return System.out;
  }

  /** True when stderr is a terminal, so progress can redraw lines. */
  public static boolean interactive() {
    return System.console() != null && System.getenv("CI") == null;
  }
}
