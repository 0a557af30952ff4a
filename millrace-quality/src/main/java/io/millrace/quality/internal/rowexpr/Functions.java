package io.millrace.quality.internal.rowexpr;

import io.millrace.api.LogicalType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The scalar functions a row expression may call, typed at parse time, with DuckDB's semantics. */
final class Functions {
  private Functions() {}

  static final Set<String> NAMES = new TreeSet<>(Set.of("coalesce", "greatest", "least", "abs", "round",
      "length", "lower", "upper", "trim", "concat", "regexp_matches", "json_valid", "try_strptime", "year",
      "month", "day", "hour", "minute", "second", "dayofweek", "isodow", "epoch"));

  private static final LogicalType[] TEMPORAL = {LogicalType.DATE, LogicalType.TIMESTAMP, LogicalType.TIMESTAMPTZ};

  static Node call(String name, List<Node> args) {
    String n = name.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "coalesce" -> coalesce(args);
      case "greatest", "least" -> extreme(n, args);
      case "abs" -> abs(one(n, args));
      case "round" -> round(args);
      case "length" -> text(n, args, LogicalType.BIGINT, s -> (long) s.codePointCount(0, s.length()));
      case "lower" -> text(n, args, LogicalType.VARCHAR, s -> mapCodePoints(s, false));
      case "upper" -> text(n, args, LogicalType.VARCHAR, s -> mapCodePoints(s, true));
      case "trim" -> text(n, args, LogicalType.VARCHAR, Functions::trim);
      case "concat" -> concat(args);
      case "regexp_matches" -> regexpMatches(args);
      case "json_valid" -> text(n, args, LogicalType.BOOLEAN, Json::valid);
      case "year" -> part(n, args, t -> (long) t.getYear());
      case "month" -> part(n, args, t -> (long) t.getMonthValue());
      case "day" -> part(n, args, t -> (long) t.getDayOfMonth());
      case "hour" -> part(n, args, t -> (long) t.getHour());
      case "minute" -> part(n, args, t -> (long) t.getMinute());
      case "second" -> part(n, args, t -> (long) t.getSecond());
      case "dayofweek" -> part(n, args, t -> (long) (t.getDayOfWeek().getValue() % 7)); // Sunday 0
      case "isodow" -> part(n, args, t -> (long) t.getDayOfWeek().getValue());          // Monday 1
      case "epoch" -> epoch(one(n, args));
      default -> throw new Refusal("unknown function " + name + "() (known: " + String.join(", ", NAMES) + ")");
    };
  }

  private static Node one(String name, List<Node> args) {
    if (args.size() != 1) {
      throw new Refusal(name + "() takes 1 argument, not " + args.size());
    }
    return args.get(0);
  }

  private static Function<List<String>, String> sqlCall(String name) {
    return a -> name + "(" + String.join(", ", a) + ")";
  }

  private static Node coalesce(List<Node> args) {
    if (args.isEmpty()) {
      throw new Refusal("coalesce() needs at least 1 argument");
    }
    LogicalType[] t = new LogicalType[1];
    List<Node> xs = Types.unify(args, t, "coalesce");
    return new Nodes.Call("coalesce", xs, t[0], false, v -> {
      for (Object o : v) {
        if (o != null) {
          return Nodes.widen(o, t[0]);
        }
      }
      return null;
    }, sqlCall("coalesce"));
  }

  /** greatest/least skip NULLs; NULL only when every argument is. */
  private static Node extreme(String name, List<Node> args) {
    if (args.isEmpty()) {
      throw new Refusal(name + "() needs at least 1 argument");
    }
    LogicalType[] t = new LogicalType[1];
    List<Node> xs = Types.unify(args, t, "compare");
    boolean max = name.equals("greatest");
    return new Nodes.Call(name, xs, t[0], false, v -> {
      Object best = null;
      for (Object o : v) {
        if (o != null && (best == null || (SqlValues.compare(o, best) > 0) == max && SqlValues.compare(o, best) != 0)) {
          best = o;
        }
      }
      return Nodes.widen(best, t[0]);
    }, sqlCall(name));
  }

  private static Node abs(Node x) {
    Types.require(x, "abs()", LogicalType.INTEGER, LogicalType.BIGINT, LogicalType.DOUBLE, LogicalType.DECIMAL);
    LogicalType t = x.type() == null ? LogicalType.INTEGER : x.type();
    return new Nodes.Call("abs", List.of(x), t, true, v -> {
      if (v[0] instanceof Double d) {
        return Math.abs(d);
      }
      if (v[0] instanceof java.math.BigDecimal d) {
        return d.abs();
      }
      long n = ((Number) v[0]).longValue();
      if (n == (t == LogicalType.INTEGER ? Integer.MIN_VALUE : Long.MIN_VALUE)) {
        throw new EvalError("Overflow on abs(" + n + ")");
      }
      return t == LogicalType.INTEGER ? (Object) (int) Math.abs(n) : (Object) Math.abs(n);
    }, sqlCall("abs"));
  }

  private static Node round(List<Node> args) {
    if (args.isEmpty() || args.size() > 2) {
      throw new Refusal("round() takes 1 or 2 arguments, not " + args.size());
    }
    Node x = args.get(0);
    Types.require(x, "round()", LogicalType.INTEGER, LogicalType.BIGINT, LogicalType.DOUBLE, LogicalType.DECIMAL);
    if (args.size() == 2) {
      Types.require(args.get(1), "round() precision", LogicalType.INTEGER, LogicalType.BIGINT);
    }
    LogicalType t = x.type() == null ? LogicalType.DOUBLE : x.type();
    return new Nodes.Call("round", args, t, true, v -> {
      int p = v.length > 1 ? ((Number) v[1]).intValue() : 0;
      if (v[0] instanceof java.math.BigDecimal d) {   // half away from zero, as the engine rounds decimals
        java.math.BigDecimal r = d.setScale(p, java.math.RoundingMode.HALF_UP);
        return p < 0 ? r.setScale(0) : r;
      }
      return v[0] instanceof Double d ? roundDouble(d, p) : roundInteger(((Number) v[0]).longValue(), p, t);
    }, sqlCall("round"));
  }

  /** As DuckDB: std::round(x * 10^p) / 10^p (ties away from zero), keeping x when that overflows. */
  static double roundDouble(double x, int p) {
    double r;
    if (p < 0) {
      double m = Math.pow(10, -p);
      r = stdRound(x / m) * m;
    } else {
      double m = Math.pow(10, p);
      r = stdRound(x * m) / m;
    }
    return Double.isInfinite(r) || Double.isNaN(r) ? x : r;
  }

  private static double stdRound(double v) {
    double t = Math.floor(Math.abs(v));
    double f = Math.abs(v) - t;
    double r = f >= 0.5 ? t + 1 : t;
    return Math.copySign(r, v);
  }

  private static Object roundInteger(long x, int p, LogicalType t) {
    if (p >= 0) {
      return t == LogicalType.INTEGER ? (Object) (int) x : (Object) x;
    }
    if (p <= -19) {
      return t == LogicalType.INTEGER ? (Object) 0 : (Object) 0L;
    }
    long m = (long) Math.pow(10, -p);
    long half = m / 2;
    long r;
    try {
      r = x >= 0 ? Math.multiplyExact(Math.addExact(x, half) / m, m)
          : -Math.multiplyExact(Math.addExact(-x, half) / m, m);
    } catch (ArithmeticException e) {
      throw new EvalError("Overflow in round(" + x + ", " + p + ")");
    }
    if (t == LogicalType.INTEGER && r != (int) r) {
      throw new EvalError("Overflow in round(" + x + ", " + p + ")");
    }
    return t == LogicalType.INTEGER ? (Object) (int) r : (Object) r;
  }

  private static Node text(String name, List<Node> args, LogicalType out, Function<String, Object> fn) {
    Node x = one(name, args);
    Types.require(x, name + "()", LogicalType.VARCHAR);
    return new Nodes.Call(name, List.of(x), out, true, v -> fn.apply((String) v[0]), sqlCall(name));
  }

  /**
   * Simple (one code point to one code point) case mapping, as DuckDB's; Java's String methods
   * apply locale and context rules (final sigma, 'ß' to "SS") the engine does not.
   */
  static String mapCodePoints(String s, boolean upper) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      int m = upper ? (cp == 0xDF ? 0x1E9E : Character.toUpperCase(cp)) : Character.toLowerCase(cp);
      sb.appendCodePoint(m);
    });
    return sb.toString();
  }

  /** DuckDB's trim removes space separators (space, no-break space...), not tabs or newlines. */
  static String trim(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && Character.getType(s.codePointAt(b)) == Character.SPACE_SEPARATOR) {
      b += Character.charCount(s.codePointAt(b));
    }
    while (e > b && Character.getType(s.codePointBefore(e)) == Character.SPACE_SEPARATOR) {
      e -= Character.charCount(s.codePointBefore(e));
    }
    return s.substring(b, e);
  }

  /** concat() skips NULLs (unlike ||). */
  private static Node concat(List<Node> args) {
    return new Nodes.Call("concat", args, LogicalType.VARCHAR, false, v -> {
      StringBuilder sb = new StringBuilder();
      for (Object o : v) {
        if (o != null) {
          sb.append(SqlValues.text(o));
        }
      }
      return sb.toString();
    }, sqlCall("concat"));
  }

  private static Node regexpMatches(List<Node> args) {
    if (args.size() < 2 || args.size() > 3) {
      throw new Refusal("regexp_matches() takes 2 or 3 arguments, not " + args.size());
    }
    Types.require(args.get(0), "regexp_matches()", LogicalType.VARCHAR);
    String re = constantText(args.get(1), "regexp_matches() pattern");
    String opts = args.size() == 3 ? constantText(args.get(2), "regexp_matches() options") : "";
    if (!opts.matches("[ic]*")) {
      throw new Refusal("regexp_matches() options '" + opts + "' are not supported (use i or c)");
    }
    Pattern p;
    try {
      p = Re2.compile(re, opts.lastIndexOf('i') > opts.lastIndexOf('c'));
    } catch (Re2.Unsupported e) {
      throw new Refusal("regular expression '" + re + "': " + e.getMessage());
    }
    return new Nodes.Call("regexp_matches", args, LogicalType.BOOLEAN, true,
        v -> p.matcher((String) v[0]).find(), sqlCall("regexp_matches"));
  }

  static String constantText(Node x, String what) {
    if (x instanceof Nodes.Lit lit && lit.value() instanceof String s) {
      return s;
    }
    throw new Refusal(what + " must be a string literal");
  }

  private static Node part(String name, List<Node> args, Function<LocalDateTime, Long> fn) {
    Node x = one(name, args);
    Types.require(x, name + "()", TEMPORAL);
    return new Nodes.Call(name, List.of(x), LogicalType.BIGINT, true, v -> fn.apply(local(v[0])), sqlCall(name));
  }

  /** A temporal value's wall-clock time; TIMESTAMPTZ in UTC, the session time zone. */
  static LocalDateTime local(Object v) {
    if (v instanceof Instant i) {
      return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }
    return SqlValues.toDateTime(v);
  }

  private static Node epoch(Node x) {
    Types.require(x, "epoch()", TEMPORAL);
    return new Nodes.Call("epoch", List.of(x), LogicalType.DOUBLE, true, v -> {
      LocalDateTime t = local(v[0]);
      long micros = t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
      return micros / 1e6;
    }, sqlCall("epoch"));
  }

}
