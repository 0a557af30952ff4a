package io.millrace.quality.internal.rowexpr;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.quality.RowExpression;
import io.millrace.quality.internal.rowexpr.Lexer.Kind;
import io.millrace.quality.internal.rowexpr.Lexer.ParseFailure;
import io.millrace.quality.internal.rowexpr.Lexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent parser of one scalar expression, typing it as it goes. Precedence, loosest
 * first: OR; AND; NOT; IS; comparisons, IN, BETWEEN, LIKE; {@code ||}; {@code + -};
 * {@code * / // %}; unary minus; {@code ::}; primaries.
 */
public final class Parser {
  private static final int MAX_DEPTH = 100;
  private static final Set<String> RESERVED = Set.of("select", "from", "where", "union", "with", "insert",
      "update", "delete", "copy", "attach", "pragma", "install", "load", "create", "drop", "call", "set");

  private final String text;
  private final List<Token> toks;
  private final Map<String, LogicalType> columns;
  private int at;
  private int depth;

  private Parser(String text, Map<String, LogicalType> columns) {
    this.text = text;
    this.toks = Lexer.tokens(text);
    this.columns = columns;
  }

  /** Parses {@code sql} into a public expression; see {@link RowExpression#parse}. */
  public static RowExpression parse(String sql, Map<String, LogicalType> columns) {
    return new ParsedExpression(sql, node(sql, columns), columns);
  }

  /** Parses {@code sql} into a node; USER error naming the text, position and reason. */
  public static Node node(String sql, Map<String, LogicalType> columns) {
    if (sql == null || sql.isBlank()) {
      throw MillraceException.user("Cannot parse expression '%s': it is empty", sql == null ? "" : sql);
    }
    try {
      Parser p = new Parser(sql, columns);
      Node n = p.or();
      if (p.peek().kind() != Kind.END) {
        throw new ParseFailure("unexpected '" + p.peek().text() + "' after the expression", p.peek().pos());
      }
      return n;
    } catch (ParseFailure e) {
      throw MillraceException.user("Cannot parse expression '%s': %s at position %d", sql, e.getMessage(),
          e.pos + 1);
    }
  }

  private Token peek() {
    return toks.get(at);
  }

  private Token next() {
    return toks.get(at++);
  }

  private boolean accept(String word) {
    if (peek().is(word) && peek().kind() != Kind.QUOTED) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(String word) {
    if (!accept(word)) {
      throw fail("expected " + word + " but found " + describe(peek()), peek());
    }
  }

  private static String describe(Token t) {
    return t.kind() == Kind.END ? "the end" : "'" + t.text() + "'";
  }

  private ParseFailure fail(String reason, Token at) {
    return new ParseFailure(reason, at.pos());
  }

  /** Runs a typing step, turning its refusal into a failure at {@code t}. */
  private <T> T typed(Token t, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (Refusal r) {
      throw fail(r.getMessage(), t);
    }
  }

  private Node bool(Node n, Token t, String what) {
    if (n.type() != null && n.type() != LogicalType.BOOLEAN) {
      throw fail(what + " needs a BOOLEAN, not " + n.type().sql(), t);
    }
    return n;
  }

  private Node or() {
    Token t = peek();
    List<Node> xs = new ArrayList<>(List.of(and()));
    while (accept("or")) {
      xs.add(and());
    }
    if (xs.size() == 1) {
      return xs.get(0);
    }
    xs.forEach(x -> bool(x, t, "OR"));
    return new Nodes.Logic(false, xs);
  }

  private Node and() {
    Token t = peek();
    List<Node> xs = new ArrayList<>(List.of(not()));
    while (accept("and")) {
      xs.add(not());
    }
    if (xs.size() == 1) {
      return xs.get(0);
    }
    xs.forEach(x -> bool(x, t, "AND"));
    return new Nodes.Logic(true, xs);
  }

  private Node not() {
    Token t = peek();
    if (accept("not")) {
      return new Nodes.Not(bool(not(), t, "NOT"));
    }
    return is();
  }

  private Node is() {
    Node x = comparison();
    while (peek().is("is")) {
      Token t = next();
      boolean negate = accept("not");
      if (accept("null")) {
        x = new Nodes.IsNull(x, negate);
      } else if (accept("distinct")) {
        expect("from");
        Node y = comparison();
        Node l = x;
        List<Node> xs = typed(t, () -> Types.unify(List.of(l, y), new LogicalType[1], "compare"));
        x = new Nodes.Distinct(xs.get(0), xs.get(1), negate);
      } else if (peek().is("true") || peek().is("false")) {
        boolean v = next().is("true");
        x = new Nodes.Distinct(bool(x, t, "IS " + (v ? "TRUE" : "FALSE")), new Nodes.Lit(v, LogicalType.BOOLEAN),
            !negate);
      } else {
        throw fail("expected NULL, DISTINCT FROM, TRUE or FALSE after IS", peek());
      }
    }
    return x;
  }

  private Node comparison() {
    Node x = concat();
    Token t = peek();
    String op = t.kind() == Kind.OP ? t.text() : "";
    if (List.of("=", "==", "<>", "!=", "<", "<=", ">", ">=").contains(op)) {
      next();
      Node y = concat();
      String norm = op.equals("==") ? "=" : op.equals("!=") ? "<>" : op;
      List<Node> xs = typed(t, () -> Types.unify(List.of(x, y), new LogicalType[1], "compare"));
      return new Nodes.Cmp(norm, xs.get(0), xs.get(1));
    }
    if (t.is("isnull") || t.is("notnull")) {
      next();
      return new Nodes.IsNull(x, t.is("notnull"));
    }
    boolean negate = false;
    if (t.is("not") && (toks.get(at + 1).is("in") || toks.get(at + 1).is("between")
        || toks.get(at + 1).is("like") || toks.get(at + 1).is("ilike"))) {
      next();
      negate = true;
    }
    Token k = peek();
    if (accept("in")) {
      return in(x, k, negate);
    }
    if (accept("between")) {
      Node lo = concat();
      expect("and");
      Node hi = concat();
      List<Node> xs = typed(k, () -> Types.unify(List.of(x, lo, hi), new LogicalType[1], "compare"));
      Node between = new Nodes.Logic(true, List.of(new Nodes.Cmp(">=", xs.get(0), xs.get(1)),
          new Nodes.Cmp("<=", xs.get(0), xs.get(2))));
      return negate ? new Nodes.Not(between) : between;
    }
    if (accept("like") || accept("ilike")) {
      boolean ilike = k.is("ilike");
      Node p = concat();
      if (peek().is("escape")) {
        throw fail("ESCAPE is not supported", peek());
      }
      boolean neg = negate;
      return typed(k, () -> Operators.like(x, p, ilike, neg));
    }
    if (negate) {
      throw fail("expected IN, BETWEEN, LIKE or ILIKE after NOT", peek());
    }
    return x;
  }

  private Node in(Node x, Token k, boolean negate) {
    expect("(");
    if (peek().is("select") || peek().is("with")) {
      throw fail("subqueries are not allowed", peek());
    }
    List<Node> items = new ArrayList<>();
    items.add(x);
    do {
      items.add(or());
    } while (accept(","));
    expect(")");
    List<Node> xs = typed(k, () -> Types.unify(items, new LogicalType[1], "compare"));
    return new Nodes.In(xs.get(0), xs.subList(1, xs.size()), negate);
  }

  private Node concat() {
    Node x = additive();
    while (peek().is("||")) {
      next();
      x = Operators.concat(x, additive());
    }
    return x;
  }

  private Node additive() {
    Node x = multiplicative();
    while (peek().is("+") || peek().is("-")) {
      Token t = next();
      Node l = x;
      Node r = multiplicative();
      x = typed(t, () -> Operators.arith(t.text(), l, r));
    }
    return x;
  }

  private Node multiplicative() {
    Node x = unary();
    while (peek().is("*") || peek().is("/") || peek().is("//") || peek().is("%")) {
      Token t = next();
      Node l = x;
      Node r = unary();
      x = typed(t, () -> Operators.arith(t.text(), l, r));
    }
    return x;
  }

  private Node unary() {
    Token t = peek();
    if (accept("-")) {
      Node x = unary();
      return typed(t, () -> Operators.negate(x));
    }
    if (accept("+")) {
      return unary();
    }
    return postfix();
  }

  private Node postfix() {
    Node x = primary();
    while (peek().is("::")) {
      Token t = next();
      x = cast(x, type(), false, t);
    }
    return x;
  }

  private Node cast(Node x, LogicalType to, boolean tryCast, Token t) {
    if (!Casts.castable(x.type(), to)) {
      throw fail("cannot cast " + Types.name(x.type()) + " to " + to.sql(), t);
    }
    if (x instanceof Nodes.Lit lit && !tryCast) {
      try {
        return new Nodes.Lit(Casts.cast(lit.value(), to), to);
      } catch (Casts.CastFailure | java.time.DateTimeException e) {
        throw fail(e.getMessage(), t);
      }
    }
    return new Nodes.Cast(x, to, tryCast);
  }

  private LogicalType type() {
    Token t = next();
    if (t.kind() != Kind.IDENT) {
      throw fail("expected a type name but found " + describe(t), t);
    }
    String n = t.text().toLowerCase(Locale.ROOT);
    if (n.equals("timestamp") && peek().is("with")) {
      next();
      expect("time");
      expect("zone");
      return LogicalType.TIMESTAMPTZ;
    }
    return switch (n) {
      case "integer", "int", "int4", "int32", "signed" -> LogicalType.INTEGER;
      case "bigint", "int8", "int64", "long" -> LogicalType.BIGINT;
      case "double", "float8" -> LogicalType.DOUBLE;
      case "varchar", "text", "string" -> LogicalType.VARCHAR;
      case "boolean", "bool" -> LogicalType.BOOLEAN;
      case "date" -> LogicalType.DATE;
      case "timestamp", "datetime" -> LogicalType.TIMESTAMP;
      case "timestamptz" -> LogicalType.TIMESTAMPTZ;
      case "time" -> LogicalType.TIME;
      default -> throw fail("type " + t.text() + " is not supported (use INTEGER, BIGINT, DOUBLE, VARCHAR, "
          + "BOOLEAN, DATE, TIMESTAMP, TIMESTAMPTZ or TIME)", t);
    };
  }

  private Node primary() {
    Token t = next();
    switch (t.kind()) {
      case NUMBER:
        return number(t);
      case STRING:
        return new Nodes.Lit(t.text(), LogicalType.VARCHAR);
      case QUOTED:
        return column(t);
      case END:
        throw fail("the expression ends too early", t);
      default:
        break;
    }
    if (t.is("(")) {
      if (peek().is("select") || peek().is("with")) {
        throw fail("subqueries are not allowed", peek());
      }
      if (++depth > MAX_DEPTH) {
        throw fail("nested more than " + MAX_DEPTH + " deep", t);
      }
      Node x = or();
      depth--;
      expect(")");
      return x;
    }
    if (t.kind() == Kind.OP) {
      throw fail("unexpected '" + t.text() + "'", t);
    }
    String w = t.text().toLowerCase(Locale.ROOT);
    if (RESERVED.contains(w)) {
      throw fail("'" + t.text() + "' is not allowed: only one expression, not statements or subqueries", t);
    }
    switch (w) {
      case "true", "false":
        return new Nodes.Lit(w.equals("true"), LogicalType.BOOLEAN);
      case "null":
        return new Nodes.Lit(null, null);
      case "case":
        return caseWhen(t);
      case "cast", "try_cast":
        expect("(");
        Node x = or();
        expect("as");
        LogicalType to = type();
        expect(")");
        return cast(x, to, w.equals("try_cast"), t);
      case "date", "timestamp", "timestamptz", "time":
        if (peek().kind() == Kind.STRING) {
          at--;
          LogicalType lt = type();
          Token s = next();
          return cast(new Nodes.Lit(s.text(), LogicalType.VARCHAR), lt, false, s);
        }
        break;
      default:
        break;
    }
    if (peek().is("(") && w.equals("try_strptime")) {
      return strptime(t);
    }
    if (peek().is("(")) {
      next();
      List<Node> args = new ArrayList<>();
      if (!peek().is(")")) {
        do {
          args.add(or());
        } while (accept(","));
      }
      expect(")");
      return typed(t, () -> Functions.call(t.text(), args));
    }
    return column(t);
  }

  /** {@code try_strptime(x, 'fmt')} or {@code try_strptime(x, ['fmt', ...])}: formats are literals. */
  private Node strptime(Token t) {
    expect("(");
    Node x = or();
    expect(",");
    List<String> formats = new ArrayList<>();
    boolean list = accept("[");
    do {
      Token f = next();
      if (f.kind() != Kind.STRING) {
        throw fail("try_strptime() formats must be string literals", f);
      }
      formats.add(f.text());
    } while (list && accept(","));
    if (list) {
      expect("]");
    }
    expect(")");
    return typed(t, () -> Strptime.call(List.of(x), formats, list));
  }

  private Node number(Token t) {
    String s = t.text();
    if (s.contains("e") || s.contains("E")) {
      return new Nodes.Lit(Double.parseDouble(s), LogicalType.DOUBLE);
    }
    if (s.contains(".")) {
      // As the engine: a number with a point is an exact DECIMAL literal (beyond 38 digits a DOUBLE).
      java.math.BigDecimal d = new java.math.BigDecimal(s);
      return d.precision() > 38 ? new Nodes.Lit(d.doubleValue(), LogicalType.DOUBLE) : new Nodes.Lit(d, LogicalType.DECIMAL);
    }
    try {
      long v = Long.parseLong(s);
      return v == (int) v ? new Nodes.Lit((int) v, LogicalType.INTEGER) : new Nodes.Lit(v, LogicalType.BIGINT);
    } catch (NumberFormatException e) {
      throw fail("number " + s + " is out of the BIGINT range", t);
    }
  }

  private Node caseWhen(Token t) {
    Node subject = peek().is("when") ? null : or();
    List<Node> whens = new ArrayList<>();
    List<Node> thens = new ArrayList<>();
    while (accept("when")) {
      Token w = peek();
      Node c = or();
      if (subject != null) {
        Node s = subject;
        Node value = c;
        List<Node> xs = typed(w, () -> Types.unify(List.of(s, value), new LogicalType[1], "compare"));
        c = new Nodes.Cmp("=", xs.get(0), xs.get(1));
      }
      whens.add(bool(c, w, "WHEN"));
      expect("then");
      thens.add(or());
    }
    if (whens.isEmpty()) {
      throw fail("CASE needs at least one WHEN", peek());
    }
    Node otherwise = accept("else") ? or() : null;
    expect("end");
    List<Node> branches = new ArrayList<>(thens);
    if (otherwise != null) {
      branches.add(otherwise);
    }
    LogicalType[] type = new LogicalType[1];
    List<Node> xs = typed(t, () -> Types.unify(branches, type, "mix CASE results"));
    return new Nodes.Case(whens, xs.subList(0, thens.size()), otherwise == null ? null : xs.get(thens.size()),
        type[0]);
  }

  private Node column(Token t) {
    String name = t.text();
    if (columns.containsKey(name)) {
      return new Nodes.Col(name, columns.get(name));
    }
    String found = null;
    for (String c : columns.keySet()) {
      if (c.equalsIgnoreCase(name)) {
        if (found != null) {
          throw fail("column name '" + name + "' is ambiguous (" + found + ", " + c + ")", t);
        }
        found = c;
      }
    }
    if (found == null) {
      throw fail("unknown column '" + name + "' (columns: " + String.join(", ", columns.keySet()) + ")", t);
    }
    return new Nodes.Col(found, columns.get(found));
  }
}
