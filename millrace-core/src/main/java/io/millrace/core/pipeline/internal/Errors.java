package io.millrace.core.pipeline.internal;

import io.millrace.api.MillraceException;

/** Error text for run records and reports. */
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
    return text;
  }
}
