package io.millrace.duckdb.internal;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns DuckDB's {@link SQLException}s into {@link MillraceException}s. DuckDB prefixes its messages
 * with the error class ({@code Binder Error:}, {@code IO Error:} ...): I/O, memory and connection
 * failures are EXTERNAL (retrying may help) — except I/O errors about a local path (permission
 * denied, a file where a folder should be), which are USER like everything else about the SQL.
 */
public final class Errors {
  /** DuckDB I/O errors about a local path that only the user can fix (not retried). */
  private static final Pattern LOCAL_FILE_PROBLEM = Pattern.compile("permission denied|not a directory|"
      + "is a directory|read-only file system|no such file or directory|file exists");

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
    if (m.startsWith("io error") && LOCAL_FILE_PROBLEM.matcher(m).find()) {
      return ErrorKind.USER;   // a path the project names is wrong: retrying cannot help
    }
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
