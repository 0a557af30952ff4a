package io.millrace.quality.internal.rowexpr;

import io.millrace.api.LogicalType;
import java.util.List;
import java.util.regex.Pattern;

/** Arithmetic, concatenation and pattern-matching operators, typed and evaluated as in DuckDB. */
final class Operators {
  private Operators() {}

  static Node arith(String op, Node l, Node r) {
    LogicalType[] t = new LogicalType[1];
    List<Node> xs = Types.unify(List.of(l, r), t, "apply " + op + " to");
    if (t[0] != null && !Types.numeric(t[0])) {
      throw new Refusal("operator " + op + " needs numbers, not " + Types.name(l.type()) + " and "
          + Types.name(r.type()));
    }
    if (t[0] == LogicalType.DECIMAL && op.equals("//")) {
      throw new Refusal("operator // needs integers or doubles, not DECIMAL (CAST one operand to DOUBLE)");
    }
    LogicalType type = op.equals("/") ? LogicalType.DOUBLE
        : t[0] == null ? LogicalType.INTEGER
        : t[0] == LogicalType.BIGINT && l.type() != LogicalType.BIGINT && r.type() != LogicalType.BIGINT
            ? LogicalType.INTEGER : t[0];
    String sqlOp = op.equals("//") && type == LogicalType.DOUBLE ? "/" : op;
    return new Nodes.Call(op, xs, type, true, v -> apply(op, type, v[0], v[1]),
        a -> "(" + a.get(0) + " " + sqlOp + " " + a.get(1) + ")");
  }

  private static Object apply(String op, LogicalType type, Object a, Object b) {
    if (type == LogicalType.DECIMAL) {
      java.math.BigDecimal x = Casts.toDecimal(a);
      java.math.BigDecimal y = Casts.toDecimal(b);
      if (op.equals("%") && y.signum() == 0) {
        throw new EvalError("Division by zero in expression (" + x + " % " + y + ")");
      }
      return switch (op) {   // exact, as the engine's DECIMAL arithmetic
        case "+" -> x.add(y);
        case "-" -> x.subtract(y);
        case "*" -> x.multiply(y);
        default -> x.remainder(y);
      };
    }
    if (type == LogicalType.DOUBLE) {
      double x = ((Number) a).doubleValue();
      double y = ((Number) b).doubleValue();
      return switch (op) {
        case "+" -> x + y;
        case "-" -> x - y;
        case "*" -> x * y;
        case "%" -> x % y;
        default -> x / y;
      };
    }
    long x = ((Number) a).longValue();
    long y = ((Number) b).longValue();
    long v;
    try {
      v = switch (op) {
        case "+" -> Math.addExact(x, y);
        case "-" -> Math.subtractExact(x, y);
        case "*" -> Math.multiplyExact(x, y);
        default -> {
          if (y == 0) {
            throw new EvalError("Division by zero in expression (" + x + " " + op + " " + y + ")");
          }
          yield op.equals("%") ? x % y : x / y;
        }
      };
    } catch (ArithmeticException e) {
      throw new EvalError("Overflow in " + op + " of " + type.sql() + " (" + x + " " + op + " " + y + ")");
    }
    if (type == LogicalType.INTEGER) {
      if (v != (int) v) {
        throw new EvalError("Overflow in " + op + " of INTEGER (" + x + " " + op + " " + y + ")");
      }
      return (int) v;
    }
    return v;
  }

  static Node negate(Node x) {
    if (x instanceof Nodes.Lit lit && lit.value() instanceof Number) {
      Object v = lit.value();
      Object n = v instanceof Integer i ? (Object) (-i) : v instanceof Long l ? (Object) (-l)
          : v instanceof java.math.BigDecimal d ? (Object) d.negate() : (Object) (-(Double) v);
      return new Nodes.Lit(n, lit.type());
    }
    Types.require(x, "unary -", LogicalType.INTEGER, LogicalType.BIGINT, LogicalType.DOUBLE, LogicalType.DECIMAL);
    LogicalType t = x.type() == null ? LogicalType.INTEGER : x.type();
    return new Nodes.Call("-", List.of(x), t, true, v -> {
      if (v[0] instanceof Double d) {
        return -d;
      }
      if (v[0] instanceof java.math.BigDecimal d) {
        return d.negate();
      }
      long n = ((Number) v[0]).longValue();
      if (n == (t == LogicalType.INTEGER ? Integer.MIN_VALUE : Long.MIN_VALUE)) {
        throw new EvalError("Overflow in negation of " + t.sql() + " (" + n + ")");
      }
      return t == LogicalType.INTEGER ? (Object) (int) -n : (Object) (-n);
    }, a -> "(- " + a.get(0) + ")");
  }

  /** {@code a || b}: text of both, NULL if either is NULL. */
  static Node concat(Node l, Node r) {
    return new Nodes.Call("||", List.of(l, r), LogicalType.VARCHAR, true,
        v -> SqlValues.text(v[0]) + SqlValues.text(v[1]), a -> "(" + a.get(0) + " || " + a.get(1) + ")");
  }

  /** {@code x [NOT] LIKE|ILIKE p}: {@code %} any text, {@code _} one character, no escape character. */
  static Node like(Node x, Node p, boolean ilike, boolean negate) {
    Types.require(x, (ilike ? "ILIKE" : "LIKE"), LogicalType.VARCHAR);
    Types.require(p, (ilike ? "ILIKE" : "LIKE") + " pattern", LogicalType.VARCHAR);
    Pattern fixed = p instanceof Nodes.Lit lit && lit.value() instanceof String s ? likePattern(s, ilike) : null;
    String op = (negate ? " NOT " : " ") + (ilike ? "ILIKE " : "LIKE ");
    return new Nodes.Call(op.trim(), List.of(x, p), LogicalType.BOOLEAN, true, v -> {
      Pattern pat = fixed != null ? fixed : likePattern((String) v[1], ilike);
      return pat.matcher((String) v[0]).matches() != negate;
    }, a -> "(" + a.get(0) + op + a.get(1) + ")");
  }

  static Pattern likePattern(String like, boolean ilike) {
    StringBuilder re = new StringBuilder();
    StringBuilder lit = new StringBuilder();
    for (int i = 0; i < like.length(); i++) {
      char c = like.charAt(i);
      if (c == '%' || c == '_') {
        if (lit.length() > 0) {
          re.append(Pattern.quote(lit.toString()));
          lit.setLength(0);
        }
        re.append(c == '%' ? ".*" : ".");
      } else {
        lit.append(c);
      }
    }
    if (lit.length() > 0) {
      re.append(Pattern.quote(lit.toString()));
    }
    return Pattern.compile(re.toString(),
        Pattern.DOTALL | (ilike ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
  }
}
