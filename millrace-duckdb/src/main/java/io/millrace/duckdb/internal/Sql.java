package io.millrace.duckdb.internal;

import io.millrace.api.SqlText;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Quoting and small SQL text helpers. Every name or path put into SQL text goes through here. */
public final class Sql {
  private Sql() {}

  /** A double-quoted identifier: {@code it's "x"} becomes {@code "it's ""x"""}. */
  public static String ident(String name) {
    return SqlText.ident(name);
  }

  /** A single-quoted string literal. */
  public static String literal(String value) {
    return SqlText.string(value);
  }

  public static String literal(Path path) {
    return literal(path.toAbsolutePath().toString());
  }

  /** {@code ['a', 'b']} */
  public static String pathList(List<Path> files) {
    return files.stream().map(Sql::literal).collect(Collectors.joining(", ", "[", "]"));
  }

  /**
   * The statement without trailing semicolons and whitespace, so it can be nested in another
   * statement. Callers close the nesting on a new line so a trailing line comment stays harmless.
   */
  public static String body(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).stripTrailing();
    }
    return s;
  }

  /** {@code (<sql>\n)} ready to be used as a subquery. */
  public static String subquery(String sql) {
    return "(" + body(sql) + "\n)";
  }
}
