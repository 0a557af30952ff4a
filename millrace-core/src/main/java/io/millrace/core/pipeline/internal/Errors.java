package io.millrace.core.pipeline.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.Secrets;

/** Error text for run records and reports, secrets masked (causes are not ours, so not masked yet). */
public final class Errors {
  private Errors() {}

  /** The message, prefixed by the type unless it is ours, with the root cause when it adds something. */
  public static String describe(Throwable t) {
    if (t == null) {
      return null;
    }
    String text = t instanceof MillraceException ? t.getMessage() : t.getClass().getSimpleName() + ": " + t.getMessage();
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != t && root.getMessage() != null && text != null && !text.contains(root.getMessage())) {
      text += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
    return Secrets.mask(text);
  }
}
