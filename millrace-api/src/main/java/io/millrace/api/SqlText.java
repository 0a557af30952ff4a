package io.millrace.api;

/**
 * ANSI quoting for names and values put into SQL text, shared by every module that builds SQL (the
 * engines, the runner, the quality engine), so there is one place to get it right.
 */
public final class SqlText {
  private SqlText() {}

  /** A double-quoted identifier: {@code it's "x"} becomes {@code "it's ""x"""}. */
  public static String ident(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** A single-quoted string literal: {@code it's} becomes {@code 'it''s'}. */
  public static String string(String value) {
    return '\'' + value.replace("'", "''") + '\'';
  }
}
