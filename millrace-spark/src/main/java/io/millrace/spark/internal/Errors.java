package io.millrace.spark.internal;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.parser.ParseException;
import scala.Option;

/** Spark's exceptions as Millrace's: rejected SQL is USER (with Spark's message and line), the rest EXTERNAL. */
public final class Errors {
  private Errors() {}

  public static MillraceException of(Throwable e, String what) {
    if (e instanceof MillraceException m) {
      return m;
    }
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof AnalysisException a) {
        return new MillraceException(ErrorKind.USER, String.format("Cannot %s: Spark %s%s", what,
            e instanceof ParseException ? "cannot parse it: " : "rejects it: ", message(a)), e);
      }
      if (cause instanceof org.apache.spark.SparkThrowable st && st.getSqlState() != null
          && (st.getSqlState().startsWith("22") || st.getSqlState().startsWith("42"))) {
        // data errors under ANSI mode (bad cast, overflow, division by zero) and syntax errors
        return new MillraceException(ErrorKind.USER, String.format("Cannot %s: %s", what, firstLine(cause.getMessage())), e);
      }
      cause = cause.getCause() == cause ? null : cause.getCause();
    }
    if (e instanceof InterruptedException || e.getCause() instanceof InterruptedException
        || String.valueOf(e.getMessage()).contains("cancelled")) {
      return MillraceException.external(e, "Cannot %s: cancelled", what);
    }
    return MillraceException.external(e, "Cannot %s: %s", what, firstLine(String.valueOf(e.getMessage())));
  }

  /** Spark's message without its SQL excerpt, with the line and position when it has them. */
  public static String message(AnalysisException a) {
    String m = a.getSimpleMessage();
    int cut = m.indexOf("\n== SQL");
    if (cut > 0) {
      m = m.substring(0, cut);
    }
    m = m.strip();
    Option<Object> line = a.line();
    Option<Object> pos = a.startPosition();
    if (line.isDefined() && !m.contains("line " + line.get())) {
      m += " (line " + line.get() + (pos.isDefined() ? ", position " + pos.get() : "") + ")";
    } else if (!line.isDefined()) {
      String ctx = context(a.getMessage());
      if (ctx != null) {
        m += " (" + ctx + ")";
      }
    }
    return m;
  }

  /** "line L, position P" from Spark's "== SQL (line 1, position 8) ==" excerpt header. */
  private static String context(String full) {
    java.util.regex.Matcher mt = java.util.regex.Pattern.compile("== SQL(?: of [^(]*)? ?\\(line (\\d+), position (\\d+)\\) ==").matcher(full);
    return mt.find() ? "line " + mt.group(1) + ", position " + mt.group(2) : null;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
