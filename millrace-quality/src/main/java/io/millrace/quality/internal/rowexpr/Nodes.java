package io.millrace.quality.internal.rowexpr;

import io.millrace.api.LogicalType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The node types of a row expression. Each evaluates with SQL NULL semantics and renders itself. */
final class Nodes {
  private Nodes() {}

  /** A node whose value is a SQL BOOLEAN (true, false or NULL). */
  interface Predicate extends Node {
    @Override
    default LogicalType type() {
      return LogicalType.BOOLEAN;
    }
  }

  record Lit(Object value, LogicalType type) implements Node {
    @Override
    public Object eval(Map<String, ?> row) {
      return value;
    }

    @Override
    public String sql() {
      return Casts.literal(value, type);
    }

    @Override
    public void columns(Set<String> out) {}
  }

  record Col(String name, LogicalType type) implements Node {
    @Override
    public Object eval(Map<String, ?> row) {
      return row.get(name);
    }

    @Override
    public String sql() {
      return io.millrace.quality.internal.Sql.ident(name);
    }

    @Override
    public void columns(Set<String> out) {
      out.add(name);
    }
  }

  /** Widens a value to {@code t} (INTEGER to BIGINT to DOUBLE, DATE to TIMESTAMP); others unchanged. */
  static Object widen(Object v, LogicalType t) {
    if (v == null || t == null) {
      return v;
    }
    return switch (t) {
      case BIGINT -> v instanceof Integer i ? Long.valueOf(i) : v;
      case DOUBLE -> v instanceof Integer || v instanceof Long || v instanceof java.math.BigDecimal
          ? Double.valueOf(((Number) v).doubleValue()) : v;
      case DECIMAL -> v instanceof Integer || v instanceof Long ? java.math.BigDecimal.valueOf(((Number) v).longValue()) : v;
      case TIMESTAMP -> v instanceof java.time.LocalDate d ? d.atStartOfDay() : v;
      case TIMESTAMPTZ -> v instanceof java.time.Instant ? v : SqlValues.toInstant(v);
      default -> v;
    };
  }

  record Not(Node x) implements Predicate {
    @Override
    public Object eval(Map<String, ?> row) {
      Object v = x.eval(row);
      return v == null ? null : !(Boolean) v;
    }

    @Override
    public String sql() {
      return "(NOT " + x.sql() + ")";
    }

    @Override
    public void columns(Set<String> out) {
      x.columns(out);
    }
  }

  /** AND (all true) or OR (any true) over two or more operands, three-valued. */
  record Logic(boolean and, List<Node> xs) implements Predicate {
    @Override
    public Object eval(Map<String, ?> row) {
      boolean unknown = false;
      for (Node x : xs) {
        Object v = x.eval(row);
        if (v == null) {
          unknown = true;
        } else if ((Boolean) v != and) {
          return !and;
        }
      }
      return unknown ? null : and;
    }

    @Override
    public String sql() {
      return xs.stream().map(Node::sql).collect(Collectors.joining(and ? " AND " : " OR ", "(", ")"));
    }

    @Override
    public void columns(Set<String> out) {
      xs.forEach(x -> x.columns(out));
    }
  }

  record Cmp(String op, Node l, Node r) implements Predicate {
    @Override
    public Object eval(Map<String, ?> row) {
      Object a = l.eval(row);
      Object b = r.eval(row);
      if (a == null || b == null) {
        return null;
      }
      int c = SqlValues.compare(a, b);
      return switch (op) {
        case "=" -> c == 0;
        case "<>" -> c != 0;
        case "<" -> c < 0;
        case "<=" -> c <= 0;
        case ">" -> c > 0;
        default -> c >= 0;
      };
    }

    @Override
    public String sql() {
      return "(" + l.sql() + " " + op + " " + r.sql() + ")";
    }

    @Override
    public void columns(Set<String> out) {
      l.columns(out);
      r.columns(out);
    }
  }

  record IsNull(Node x, boolean negate) implements Predicate {
    @Override
    public Object eval(Map<String, ?> row) {
      return (x.eval(row) == null) != negate;
    }

    @Override
    public String sql() {
      return "(" + x.sql() + (negate ? " IS NOT NULL)" : " IS NULL)");
    }

    @Override
    public void columns(Set<String> out) {
      x.columns(out);
    }
  }

  record Distinct(Node l, Node r, boolean negate) implements Predicate {
    @Override
    public Object eval(Map<String, ?> row) {
      Object a = l.eval(row);
      Object b = r.eval(row);
      boolean distinct = a == null || b == null ? a != b : SqlValues.compare(a, b) != 0;
      return distinct != negate;
    }

    @Override
    public String sql() {
      return "(" + l.sql() + (negate ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ") + r.sql() + ")";
    }

    @Override
    public void columns(Set<String> out) {
      l.columns(out);
      r.columns(out);
    }
  }

  record In(Node x, List<Node> items, boolean negate) implements Predicate {
    @Override
    public Object eval(Map<String, ?> row) {
      Object v = x.eval(row);
      Object[] ws = new Object[items.size()];
      for (int i = 0; i < ws.length; i++) {
        ws[i] = items.get(i).eval(row);
      }
      if (v == null) {
        return null;
      }
      boolean unknown = false;
      for (Object w : ws) {
        if (w == null) {
          unknown = true;
        } else if (SqlValues.compare(v, w) == 0) {
          return !negate;
        }
      }
      return unknown ? null : negate;
    }

    @Override
    public String sql() {
      return "(" + x.sql() + (negate ? " NOT IN " : " IN ")
          + items.stream().map(Node::sql).collect(Collectors.joining(", ", "(", ")")) + ")";
    }

    @Override
    public void columns(Set<String> out) {
      x.columns(out);
      items.forEach(i -> i.columns(out));
    }
  }

  record Case(List<Node> whens, List<Node> thens, Node otherwise, LogicalType type) implements Node {
    @Override
    public Object eval(Map<String, ?> row) {
      for (int i = 0; i < whens.size(); i++) {
        if (Boolean.TRUE.equals(whens.get(i).eval(row))) {
          return widen(thens.get(i).eval(row), type);
        }
      }
      return otherwise == null ? null : widen(otherwise.eval(row), type);
    }

    @Override
    public String sql() {
      StringBuilder sb = new StringBuilder("(CASE");
      for (int i = 0; i < whens.size(); i++) {
        sb.append(" WHEN ").append(whens.get(i).sql()).append(" THEN ").append(thens.get(i).sql());
      }
      if (otherwise != null) {
        sb.append(" ELSE ").append(otherwise.sql());
      }
      return sb.append(" END)").toString();
    }

    @Override
    public void columns(Set<String> out) {
      whens.forEach(w -> w.columns(out));
      thens.forEach(t -> t.columns(out));
      if (otherwise != null) {
        otherwise.columns(out);
      }
    }
  }

  record Cast(Node x, LogicalType to, boolean tryCast) implements Node {
    @Override
    public Object eval(Map<String, ?> row) {
      try {
        return Casts.cast(x.eval(row), to);
      } catch (Casts.CastFailure | java.time.DateTimeException e) {
        if (tryCast) {
          return null;
        }
        throw new EvalError(e.getMessage());
      }
    }

    @Override
    public String sql() {
      return (tryCast ? "TRY_CAST(" : "CAST(") + x.sql() + " AS " + to.sql() + ")";
    }

    @Override
    public LogicalType type() {
      return to;
    }

    @Override
    public void columns(Set<String> out) {
      x.columns(out);
    }
  }

  /**
   * A function or operator: {@code fn} receives the evaluated arguments; with {@code strict} a NULL
   * argument gives NULL without calling it. {@code sqlForm} renders the rendered arguments.
   */
  record Call(String name, List<Node> args, LogicalType type, boolean strict, Function<Object[], Object> fn,
              Function<List<String>, String> sqlForm) implements Node {
    @Override
    public Object eval(Map<String, ?> row) {
      Object[] vs = new Object[args.size()];
      boolean anyNull = false;
      for (int i = 0; i < vs.length; i++) {
        vs[i] = args.get(i).eval(row);
        anyNull |= vs[i] == null;
        if (vs[i] != null && name.equals("coalesce")) {
          break; // coalesce evaluates an argument only where the ones before it are NULL
        }
      }
      // every argument is evaluated, as the vectorised engine does, so its errors surface too
      return anyNull && strict ? null : fn.apply(vs);
    }

    @Override
    public String sql() {
      List<String> parts = new ArrayList<>();
      args.forEach(a -> parts.add(a.sql()));
      return sqlForm.apply(parts);
    }

    @Override
    public void columns(Set<String> out) {
      args.forEach(a -> a.columns(out));
    }
  }
}
