package io.millrace.quality.internal;

import io.millrace.api.SqlText;
import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.stream.Collectors;

/** SQL text helpers (DuckDB dialect). */
public final class Sql {
  private Sql() {}

  /** A double-quoted identifier. */
  public static String ident(String name) {
    return SqlText.ident(name);
  }

  /** A single-quoted string literal. */
  public static String str(String s) {
    return SqlText.string(s);
  }

  /** A literal for a kwarg value (number, string, boolean, null, temporal). */
  public static String literal(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return "CAST(" + BigDecimal.valueOf(d).toPlainString() + " AS DOUBLE)";
    }
    if (v instanceof Number n) {
      return n.toString();
    }
    if (v instanceof TemporalAccessor t) {
      return "TIMESTAMP " + str(t.toString());
    }
    return str(v.toString());
  }

  /** {@code (l1, l2, ...)} of literals. */
  public static String list(List<?> values) {
    return values.stream().map(Sql::literal).collect(Collectors.joining(", ", "(", ")"));
  }
}
