package io.millrace.quality.internal;

import io.millrace.api.MillraceException;
import io.millrace.quality.internal.rowexpr.Exprs;
import io.millrace.quality.internal.rowexpr.Node;
import io.millrace.quality.internal.rowexpr.Parser;
import java.util.List;
import java.util.Map;

/**
 * A row-local map expectation as typed predicates: the rows it considers ({@code domain}, from
 * {@code row_condition}), the rows it ignores as missing, and the unexpected rows. The batch path
 * renders these trees to SQL; record validation evaluates the same trees on one record.
 *
 * @param columns the columns it describes (the first is the failure's column)
 */
public record RowCheck(Node domain, Node missing, Node unexpected, List<String> columns) {
  public RowCheck {
    columns = List.copyOf(columns);
  }

  /** True for a row the expectation counts as unexpected: in the domain, not missing, unexpected. */
  public Node failure() {
    return Exprs.isTrue(Exprs.and(domain, Exprs.not(missing), unexpected));
  }

  /** Whether {@code row} fails; a row the engine would fail on too throws USER. */
  public boolean fails(Map<String, ?> row) {
    return Boolean.TRUE.equals(failure().eval(row));
  }

  /** Parses SQL the binder generated (names and values already quoted); refusals become bind errors. */
  static Node expr(BindContext c, String sql) {
    try {
      return Parser.node(sql, c.schema().logical());
    } catch (MillraceException e) {
      throw new BindError(e.getMessage().replaceFirst("^Cannot parse expression '.*': ", "")
          + " (in " + sql + ")");
    }
  }
}
