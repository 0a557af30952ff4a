package io.millrace.quality.internal.rowexpr;

import io.millrace.api.LogicalType;
import java.util.ArrayList;
import java.util.List;

/** Factories for composing parsed nodes inside the quality module. */
public final class Exprs {
  private Exprs() {}

  public static final Node TRUE = new Nodes.Lit(true, LogicalType.BOOLEAN);
  public static final Node FALSE = new Nodes.Lit(false, LogicalType.BOOLEAN);

  public static Node not(Node x) {
    return isLiteralTrue(x) ? FALSE : isLiteralFalse(x) ? TRUE : new Nodes.Not(x);
  }

  /** AND of the operands, dropping literal TRUEs. */
  public static Node and(Node... xs) {
    List<Node> keep = new ArrayList<>();
    for (Node x : xs) {
      if (!isLiteralTrue(x)) {
        keep.add(x);
      }
    }
    return keep.isEmpty() ? TRUE : keep.size() == 1 ? keep.get(0) : new Nodes.Logic(true, keep);
  }

  /** {@code coalesce(x, FALSE)}: true only when x is true. */
  public static Node isTrue(Node x) {
    return new Nodes.Call("coalesce", List.of(x, FALSE), LogicalType.BOOLEAN, false,
        v -> v[0] == null ? Boolean.FALSE : v[0], a -> "coalesce(" + a.get(0) + ", FALSE)");
  }

  /** Whether a node is the literal TRUE. */
  public static boolean isLiteralTrue(Node x) {
    return x instanceof Nodes.Lit l && Boolean.TRUE.equals(l.value());
  }

  /** Whether a node is the literal FALSE. */
  public static boolean isLiteralFalse(Node x) {
    return x instanceof Nodes.Lit l && Boolean.FALSE.equals(l.value());
  }

  /**
   * The canonical Java value of {@code v} for a column of type {@code t} (see
   * {@link io.millrace.quality.RowExpression#eval}), or null when {@code v} cannot represent one.
   */
  public static Object canonical(Object v, LogicalType t) {
    return SqlValues.canonical(v, t);
  }
}
