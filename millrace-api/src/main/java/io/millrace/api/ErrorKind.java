package io.millrace.api;

/**
 * Who must act on an error. Mapped once to CLI exit codes (here) and HTTP statuses (in the server).
 */
public enum ErrorKind {
  /** The user's project, flags or input are wrong: fix them. Exit code 2, HTTP 400. */
  USER(2, 400),
  /** A service (database, broker, file system) failed: retrying may help. Exit code 3, HTTP 503. */
  EXTERNAL(3, 503),
  /** A bug in Millrace. Exit code 4, HTTP 500. */
  INTERNAL(4, 500);

  /** Exit code of a run that completed but whose nodes or checks failed. */
  public static final int RUN_FAILED_EXIT = 1;

  private final int exitCode;
  private final int httpStatus;

  ErrorKind(int exitCode, int httpStatus) {
    this.exitCode = exitCode;
    this.httpStatus = httpStatus;
  }

  public int exitCode() {
    return exitCode;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
