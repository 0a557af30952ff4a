package io.millrace.stream.features;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.quality.RowExpression;
import java.util.Map;

/**
 * A parsed SQL expression of a feature definition: the quality module's {@link RowExpression},
 * evaluated per row in Java and rendered for DuckDB, both with DuckDB's semantics.
 */
record Expr(RowExpression expression) {

  Object eval(Map<String, ?> row) {
    return expression.eval(row);
  }

  String sql() {
    return expression.toSql();
  }

  LogicalType type() {
    return expression.type();
  }

  /**
   * Parses {@code sql} over {@code columns}.
   *
   * @param what names the definition, e.g. "the filter of feature total_value", for the message
   * @throws MillraceException USER naming {@code what}, the text and the reason
   */
  static Expr parse(String what, String sql, Map<String, LogicalType> columns) {
    try {
      return new Expr(RowExpression.parse(sql, columns));
    } catch (MillraceException e) {
      throw new MillraceException(e.kind(),
          "Cannot bind " + what + ": " + e.getMessage(), e);
    }
  }
}
