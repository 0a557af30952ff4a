package io.millrace.quality.internal;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed access to one expectation's kwargs. Every failure is a {@link BindError} whose message names
 * the kwarg and the offending value. Evaluation parameters ({@code {"$PARAMETER": "now()"}},
 * {@code now() - timedelta(weeks=52)}, {@code datetime(2003, 1, 1)}) resolve to timestamps.
 */
public final class Kwargs {
  private static final Pattern TIMEDELTA = Pattern.compile(
      "now\\(\\)\\s*([-+])\\s*timedelta\\((\\w+)\\s*=\\s*([\\d.*\\s]+)\\)");
  private static final Pattern DATETIME = Pattern.compile("datetime\\(([\\d,\\s]+)\\)");

  private final Map<String, Object> map;

  public Kwargs(Map<String, Object> map) {
    this.map = map;
  }

  public boolean has(String key) {
    return map.containsKey(key);
  }

  /** The raw value, with evaluation parameters resolved; null when absent. */
  public Object raw(String key) {
    return resolve(key, map.get(key));
  }

  public String string(String key) {
    Object v = raw(key);
    return v == null ? null : v.toString();
  }

  public String requiredString(String key) {
    String v = string(key);
    if (v == null) {
      throw new BindError("missing required kwarg '" + key + "'");
    }
    return v;
  }

  /** A column kwarg that must name a column of the table. */
  public String column(String key, ColumnTypes schema) {
    String c = requiredString(key);
    if (!schema.has(c)) {
      throw new BindError("column '" + c + "' (kwarg '" + key + "') is not in the table (columns: "
          + schema.names() + ")");
    }
    return c;
  }

  /** A list of column names, each checked against the table. */
  public List<String> columns(String key, ColumnTypes schema) {
    List<?> l = list(key);
    if (l == null || l.isEmpty()) {
      throw new BindError("kwarg '" + key + "' must be a non-empty list of columns");
    }
    for (Object c : l) {
      if (!schema.has(String.valueOf(c))) {
        throw new BindError("column '" + c + "' (kwarg '" + key + "') is not in the table (columns: "
            + schema.names() + ")");
      }
    }
    return l.stream().map(String::valueOf).toList();
  }

  public Double number(String key) {
    Object v = raw(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new BindError("kwarg '" + key + "' value '" + v + "' is not a valid float");
    }
  }

  public Integer integer(String key) {
    Object v = raw(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new BindError("kwarg '" + key + "' value '" + v + "' is not a valid integer");
    }
  }

  public boolean bool(String key, boolean dflt) {
    Object v = raw(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v.toString().trim().toLowerCase(java.util.Locale.ROOT);
    if (s.equals("true") || s.equals("false")) {
      return s.equals("true");
    }
    throw new BindError("kwarg '" + key + "' value '" + v + "' is not a valid boolean");
  }

  public List<?> list(String key) {
    Object v = raw(key);
    if (v == null) {
      return null;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(x -> resolve(key, x)).toList();
    }
    throw new BindError("kwarg '" + key + "' must be a list, got '" + v + "'");
  }

  /** {@code mostly} in [0, 1], default 1. */
  public double mostly() {
    Double m = number("mostly");
    if (m == null) {
      return 1.0;
    }
    if (m < 0) {
      throw new BindError("mostly " + m + " must be a float greater than or equal to 0");
    }
    if (m > 1) {
      throw new BindError("mostly " + m + " must be a float less than or equal to 1");
    }
    return m;
  }

  private static Object resolve(String key, Object v) {
    if (v instanceof Map<?, ?> m && m.containsKey("$PARAMETER")) {
      return evalParameter(key, String.valueOf(m.get("$PARAMETER")));
    }
    return v;
  }

  /** Evaluates the supported evaluation-parameter expressions to a timestamp. */
  static LocalDateTime evalParameter(String key, String expr) {
    String e = expr.trim();
    if (e.equals("now()")) {
      return LocalDateTime.now();
    }
    Matcher m = TIMEDELTA.matcher(e);
    if (m.matches()) {
      double amount = 1;
      for (String factor : m.group(3).split("\\*")) {
        amount *= Double.parseDouble(factor.trim());
      }
      long seconds = (long) (amount * switch (m.group(2)) {
        case "weeks" -> 7 * 86400;
        case "days" -> 86400;
        case "hours" -> 3600;
        case "minutes" -> 60;
        case "seconds" -> 1;
        default -> throw new BindError("kwarg '" + key + "': unsupported timedelta unit '" + m.group(2) + "'");
      });
      LocalDateTime now = LocalDateTime.now();
      return m.group(1).equals("-") ? now.minusSeconds(seconds) : now.plusSeconds(seconds);
    }
    m = DATETIME.matcher(e);
    if (m.matches()) {
      int[] p = java.util.Arrays.stream(m.group(1).split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
      try {
        return LocalDateTime.of(p[0], p[1], p[2], p.length > 3 ? p[3] : 0, p.length > 4 ? p[4] : 0,
            p.length > 5 ? p[5] : 0);
      } catch (RuntimeException ex) {
        throw new BindError("kwarg '" + key + "': invalid datetime '" + expr + "'");
      }
    }
    try {
      return LocalDateTime.parse(e);
    } catch (DateTimeParseException ex) {
      throw new BindError("kwarg '" + key + "': unsupported evaluation parameter '" + expr
          + "' (supported: now(), now() - timedelta(days=N), datetime(Y, M, D))");
    }
  }
}
