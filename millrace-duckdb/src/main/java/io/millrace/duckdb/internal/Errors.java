package io.millrace.duckdb.internal;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Turns DuckDB's {@link SQLException}s into {@link MillraceException}s. DuckDB prefixes its messages
 * with the error class ({@code Binder Error:}, {@code IO Error:} ...): I/O, memory and connection
 * failures are EXTERNAL (retrying may help), everything else is a problem with the SQL: USER.
 */
public final class Errors {
  private Errors() {}

  public static MillraceException sql(SQLException e, String what) {
    String message = message(e);
    return new MillraceException(kind(message), "Cannot " + what + ": " + message, e);
  }

  /** DuckDB's message, or the exception's class when it has none. */
  public static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip();
  }

  static ErrorKind kind(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (m.startsWith("io error") || m.startsWith("out of memory") || m.startsWith("connection error")
        || m.startsWith("http error") || m.contains("database has been closed")
        || m.contains("connection was closed") || m.contains("connection is closed")) {
      return ErrorKind.EXTERNAL;
    }
    if (m.startsWith("internal error") || m.startsWith("fatal error")) {
      return ErrorKind.INTERNAL;
    }
    return ErrorKind.USER;
  }
}
