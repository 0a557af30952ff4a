package io.millrace.quality.internal.rowexpr;

import io.millrace.api.LogicalType;
import java.util.ArrayList;
import java.util.List;

/** Type rules shared by operators and functions: numeric widening, and typing of text literals. */
final class Types {
  private Types() {}

  static boolean numeric(LogicalType t) {
    return Casts.numeric(t);
  }

  /** The common type of two types, or null when they have none (NULL joins anything). */
  static LogicalType common(LogicalType a, LogicalType b) {
    if (a == null || a == b) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (numeric(a) && numeric(b)) {
      // As the engine: a double wins, else a decimal keeps integers exact, else BIGINT.
      return a == LogicalType.DOUBLE || b == LogicalType.DOUBLE ? LogicalType.DOUBLE
          : a == LogicalType.DECIMAL || b == LogicalType.DECIMAL ? LogicalType.DECIMAL : LogicalType.BIGINT;
    }
    if (Casts.temporal(a) && Casts.temporal(b) && (a == LogicalType.TIMESTAMPTZ || b == LogicalType.TIMESTAMPTZ)) {
      return LogicalType.TIMESTAMPTZ; // the engine reads plain timestamps in its session zone, UTC
    }
    if ((a == LogicalType.DATE && b == LogicalType.TIMESTAMP) || (b == LogicalType.DATE && a == LogicalType.TIMESTAMP)) {
      return LogicalType.TIMESTAMP;
    }
    return null;
  }

  /**
   * Unifies the types of {@code xs}, as DuckDB does for comparisons, IN lists, CASE branches and
   * coalesce: a text literal next to a typed operand is read as that type (refused when it does not
   * convert), NULL joins anything. Returns the operands (literals converted) and fills {@code type[0]}.
   */
  static List<Node> unify(List<Node> xs, LogicalType[] type, String what) {
    LogicalType t = null;
    for (Node x : xs) {
      if (!isTextLiteral(x)) {
        LogicalType c = common(t, x.type());
        if (c == null && x.type() != null) {
          throw new Refusal("cannot " + what + " " + name(t) + " with " + name(x.type())
              + " (add an explicit CAST)");
        }
        t = c;
      }
    }
    if (t == null) {
      t = xs.stream().anyMatch(Types::isTextLiteral) ? LogicalType.VARCHAR : null;
    }
    List<Node> out = new ArrayList<>();
    for (Node x : xs) {
      out.add(coerce(x, t));
    }
    type[0] = t;
    return t == LogicalType.DECIMAL ? scaled(out) : out;
  }

  /**
   * The engine gives a DECIMAL result the largest scale of its operands ({@code CASE ... THEN -0.5
   * ELSE 0 END} is {@code 0.0}); when every operand's scale is known (literals, integers), values
   * take that scale, so their text matches. A decimal column's scale is its values' own.
   */
  private static List<Node> scaled(List<Node> xs) {
    int scale = 0;
    for (Node x : xs) {
      if (x instanceof Nodes.Lit lit && lit.value() instanceof java.math.BigDecimal d) {
        scale = Math.max(scale, d.scale());
      } else if (x.type() == LogicalType.DECIMAL) {
        return xs;
      }
    }
    if (scale == 0) {
      return xs;
    }
    int s = scale;
    List<Node> out = new ArrayList<>();
    for (Node x : xs) {
      if (x instanceof Nodes.Lit lit && lit.value() instanceof java.math.BigDecimal d) {
        out.add(new Nodes.Lit(d.setScale(s), LogicalType.DECIMAL));
      } else if (x.type() == LogicalType.INTEGER || x.type() == LogicalType.BIGINT) {
        out.add(new Nodes.Call("decimal", List.of(x), LogicalType.DECIMAL, true,
            v -> java.math.BigDecimal.valueOf(((Number) v[0]).longValue()).setScale(s), a -> a.get(0)));
      } else {
        out.add(x);
      }
    }
    return out;
  }

  static Node coerce(Node x, LogicalType t) {
    if (t == null || t == x.type()) {
      return x;
    }
    if (x instanceof Nodes.Lit lit && (lit.type() == null || lit.type() == LogicalType.VARCHAR)) {
      try {
        return new Nodes.Lit(Casts.cast(lit.value(), t), t);
      } catch (Casts.CastFailure | java.time.DateTimeException e) {
        throw new Refusal("'" + lit.value() + "' is not a " + t.sql() + " value");
      }
    }
    if (x instanceof Nodes.Lit lit && lit.value() instanceof Number && numeric(t)) {
      return new Nodes.Lit(Nodes.widen(lit.value(), t), t);
    }
    return x; // numeric or date widening happens at evaluation; the engine widens the same way
  }

  static boolean isTextLiteral(Node x) {
    return x instanceof Nodes.Lit lit && lit.type() == LogicalType.VARCHAR;
  }

  static String name(LogicalType t) {
    return t == null ? "NULL" : t.sql();
  }

  static void require(Node x, String what, LogicalType... allowed) {
    if (x.type() == null) {
      return;
    }
    for (LogicalType a : allowed) {
      if (x.type() == a) {
        return;
      }
    }
    throw new Refusal(what + " needs " + join(allowed) + ", not " + x.type().sql());
  }

  private static String join(LogicalType[] ts) {
    List<String> names = new ArrayList<>();
    for (LogicalType t : ts) {
      names.add(t.sql());
    }
    return String.join(" or ", names);
  }
}
