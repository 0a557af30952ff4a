package io.millrace.quality.internal.rowexpr;

import io.millrace.api.LogicalType;
import java.util.Map;
import java.util.Set;

/**
 * A node of a typed row expression. Evaluation takes a record already coerced to the canonical Java
 * values of {@link io.millrace.quality.RowExpression#eval}; {@code null} is SQL NULL. A node's
 * {@link #type} is null only for an untyped NULL literal.
 */
public interface Node {
  Object eval(Map<String, ?> row);

  /** Fully parenthesised DuckDB SQL. */
  String sql();

  LogicalType type();

  /** Adds the columns read to {@code out}. */
  void columns(Set<String> out);
}
