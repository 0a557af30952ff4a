package io.millrace.stream.features;

import io.millrace.api.LogicalType;
import java.util.Map;

/** A parsed SQL expression: evaluated per row in Java, rendered for DuckDB; both agree. */
interface Expr {
  Object eval(Map<String, ?> row);

  String sql();

  LogicalType type();

  /** Parses with the quality module's row expressions; {@code what} names the definition at fault. */
  static Expr parse(String what, String sql, Map<String, LogicalType> columns) {
    throw new UnsupportedOperationException("row expressions not merged yet: " + what + ": " + sql);
  }
}
