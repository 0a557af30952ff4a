package io.millrace.api;

import java.util.Objects;

/**
 * The one exception family of Millrace. Messages follow {@code Cannot <verb> <object>: <reason>} and
 * name the file, line, table, column or value at fault. Causes are always chained.
 */
public class MillraceException extends RuntimeException {
  private final ErrorKind kind;

  public MillraceException(ErrorKind kind, String message, Throwable cause) {
    super(Secrets.mask(message), cause);   // the one place our messages are produced: never show a secret
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public MillraceException(ErrorKind kind, String message) {
    this(kind, message, null);
  }

  /** A problem in the user's project or input (exit code 2). */
  public static MillraceException user(String format, Object... args) {
    return new MillraceException(ErrorKind.USER, String.format(format, args));
  }

  /** A failing external service; retryable (exit code 3). */
  public static MillraceException external(Throwable cause, String format, Object... args) {
    return new MillraceException(ErrorKind.EXTERNAL, String.format(format, args), cause);
  }

  /** A Millrace bug (exit code 4). */
  public static MillraceException internal(Throwable cause, String format, Object... args) {
    return new MillraceException(ErrorKind.INTERNAL, String.format(format, args), cause);
  }

  public ErrorKind kind() {
    return kind;
  }

  /**
   * True when retrying the failed work may succeed: only EXTERNAL failures (a network, database or
   * broker that may come back). This is Millrace's one retry rule; see {@link #retryable(Throwable)}.
   */
  public boolean retryable() {
    return kind == ErrorKind.EXTERNAL;
  }

  /**
   * The kind of any failure: ours carry theirs; anything else escaped classification and is
   * INTERNAL (a bug), which retrying cannot fix.
   */
  public static ErrorKind kindOf(Throwable error) {
    return error instanceof MillraceException m ? m.kind() : ErrorKind.INTERNAL;
  }

  /**
   * The one retry rule, for every caller that retries: true only for EXTERNAL failures. USER errors
   * (the project or its input: bad SQL, a non-UTF-8 file, a file where a folder should be) and
   * INTERNAL ones fail at once.
   */
  public static boolean retryable(Throwable error) {
    return kindOf(error) == ErrorKind.EXTERNAL;
  }
}
