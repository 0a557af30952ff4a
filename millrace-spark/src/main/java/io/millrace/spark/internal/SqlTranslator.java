package io.millrace.spark.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rewrites the common DuckDB-only spellings of a model (Millrace's reference dialect) into Spark SQL,
 * so one model runs on both engines: date parts ({@code isodow}, {@code dayofweek}, {@code date_part},
 * {@code extract(dow ...)}, {@code date_diff}, {@code date_trunc}, {@code strftime}/{@code strptime}),
 * string functions ({@code strpos}, {@code starts_with}, {@code regexp_matches}, {@code string_split}),
 * aggregates ({@code arg_max}, {@code quantile_cont}), {@code first_value/last_value(x IGNORE NULLS)},
 * casts to DuckDB type names ({@code VARCHAR}, {@code TEXT}, {@code TIMESTAMPTZ}, {@code BLOB},
 * {@code HUGEINT}), {@code //} and {@code read_parquet('file')} (the runner's staged files). Everything
 * else passes through unchanged: what Spark then refuses is reported at plan time, naming the model.
 * String literals, quoted identifiers and comments are never touched.
 */
public final class SqlTranslator {
  private SqlTranslator() {}

  /** DuckDB type names Spark spells differently (in casts). */
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("VARCHAR", "STRING"), Map.entry("TEXT", "STRING"), Map.entry("BPCHAR", "STRING"),
      Map.entry("TIMESTAMPTZ", "TIMESTAMP_LTZ"), Map.entry("BLOB", "BINARY"), Map.entry("BYTEA", "BINARY"),
      Map.entry("HUGEINT", "DECIMAL(38,0)"), Map.entry("UBIGINT", "DECIMAL(20,0)"), Map.entry("UINTEGER", "BIGINT"),
      Map.entry("USMALLINT", "INT"), Map.entry("UTINYINT", "SMALLINT"), Map.entry("INT8", "BIGINT"),
      Map.entry("INT4", "INT"), Map.entry("INT2", "SMALLINT"), Map.entry("FLOAT8", "DOUBLE"),
      Map.entry("FLOAT4", "FLOAT"), Map.entry("BOOL", "BOOLEAN"), Map.entry("DATETIME", "TIMESTAMP"));

  private static final java.util.Set<String> RANKING = java.util.Set.of("rank", "dense_rank", "row_number", "ntile");

  /** SQL written for Spark already (e.g. rendered by a Spark dialect) starts with this and is passed as is. */
  public static final String SPARK_MARKER = "/* dialect: spark */";

  /**
   * A fragment written for Spark already, inside DuckDB SQL (a predicate the quality engine rendered
   * in Spark's dialect and the runner embeds in its own query), is enclosed in these and kept as is.
   */
  public static final String FRAGMENT_START = "/* spark{ */";
  public static final String FRAGMENT_END = "/* }spark */";

  public static String toSpark(String sql) {
    if (sql.stripLeading().startsWith(SPARK_MARKER)) {
      return sql;
    }
    List<String> fragments = new ArrayList<>();
    String text = withoutFragments(sql, fragments);
    List<Token> tokens = Token.lex(text);
    StringBuilder out = new StringBuilder(text.length() + 16);
    rewrite(tokens, 0, tokens.size(), out);
    String spark = out.toString();
    for (int i = fragments.size() - 1; i >= 0; i--) {
      spark = spark.replace(placeholder(i), fragments.get(i));
    }
    return spark;
  }

  /** Spark fragments replaced by placeholder words (their Spark string escapes would lex wrong as DuckDB's). */
  private static String withoutFragments(String sql, List<String> fragments) {
    int start = sql.indexOf(FRAGMENT_START);
    if (start < 0) {
      return sql;
    }
    StringBuilder b = new StringBuilder(sql.length());
    int from = 0;
    while (start >= 0) {
      int end = sql.indexOf(FRAGMENT_END, start);
      if (end < 0) {
        break;
      }
      b.append(sql, from, start).append(placeholder(fragments.size()));
      fragments.add("(" + sql.substring(start + FRAGMENT_START.length(), end).strip() + ")");
      from = end + FRAGMENT_END.length();
      start = sql.indexOf(FRAGMENT_START, from);
    }
    return b.append(sql, from, sql.length()).toString();
  }

  private static String placeholder(int i) {
    return "__mr_spark_fragment_" + i + "__";
  }

  /** Rewrites tokens [from, to) into {@code out}. */
  private static void rewrite(List<Token> t, int from, int to, StringBuilder out) {
    for (int i = from; i < to; i++) {
      Token k = t.get(i);
      if (k.kind == Token.Kind.WORD) {
        int open = nextSolid(t, i + 1, to);
        boolean call = open < to && t.get(open).is("(") && !previousIs(t, i, ".");
        if (call) {
          int close = matching(t, open, to);
          if (close > 0) {
            String fn = k.text.toLowerCase(Locale.ROOT);
            if (RANKING.contains(fn)) {
              int over = nextSolid(t, close + 1, to);
              if (over < to && t.get(over).kind == Token.Kind.WORD && t.get(over).text.equalsIgnoreCase("over")) {
                int spec = nextSolid(t, over + 1, to);
                int end = spec < to && t.get(spec).is("(") ? matching(t, spec, to)
                    : spec < to && t.get(spec).kind == Token.Kind.WORD ? spec : -1;
                if (end > 0) {
                  // DuckDB's ranks are BIGINT, Spark's INT
                  out.append("CAST(").append(k.text).append(sub(t, i + 1, end + 1)).append(" AS BIGINT)");
                  i = end;
                  continue;
                }
              }
            }
            List<String> args = args(t, open + 1, close);
            String rewritten = function(fn, k.text, args, t, open + 1, close);
            if (rewritten != null) {
              out.append(rewritten);
              i = close;
              continue;
            }
          }
        }
        out.append(k.text);
      } else if (k.is("::")) {
        out.append("::");
        int j = nextSolid(t, i + 1, to);
        if (j < to && t.get(j).kind == Token.Kind.WORD) {
          out.append(t.subList(i + 1, j).stream().map(x -> x.text).reduce("", String::concat));
          out.append(type(t.get(j).text));
          i = j;
        }
      } else if (k.kind == Token.Kind.STRING) {
        out.append(sparkString(k.text));
      } else if (k.is("//")) {
        out.append(" DIV ");
      } else {
        out.append(k.text);
      }
    }
  }

  private static String type(String word) {
    return TYPES.getOrDefault(word.toUpperCase(Locale.ROOT), word);
  }

  /** The Spark text of a call of DuckDB function {@code fn}, or null to keep it (its arguments still rewritten). */
  private static String function(String fn, String name, List<String> args, List<Token> t, int from, int to) {
    int n = args.size();
    switch (fn) {
      case "read_parquet":
        if (n == 1 && isString(args.get(0))) {
          return "parquet.`" + unquote(args.get(0)).replace("`", "``") + "`";
        }
        return null;
      case "isodow":
        return n == 1 ? "CAST((dayofweek(" + args.get(0) + ") + 5) % 7 + 1 AS BIGINT)" : null;
      case "dayofweek": case "dow":
        return n == 1 ? "CAST(dayofweek(" + args.get(0) + ") - 1 AS BIGINT)" : null;
      case "week": case "weekofyear":
        return n == 1 ? "CAST(weekofyear(" + args.get(0) + ") AS BIGINT)" : null;
      // DuckDB's date parts and string positions are BIGINT, Spark's INT: cast so tables get one type
      case "year": case "month": case "day": case "hour": case "minute": case "second": case "quarter":
      case "dayofmonth": case "dayofyear":
        return n == 1 ? "CAST(" + fn + "(" + args.get(0) + ") AS BIGINT)" : null;
      case "length": case "instr":
        return "CAST(" + fn + "(" + String.join(", ", args) + ") AS BIGINT)";
      case "date_part": case "datepart":
        if (n == 2 && isString(args.get(0))) {
          return datePart(unquote(args.get(0)), args.get(1));
        }
        return null;
      case "extract": {
        String inner = String.join(", ", args).trim();
        int sp = inner.indexOf(' ');
        if (sp > 0 && n == 1) {
          String unit = inner.substring(0, sp);
          String rest = inner.substring(sp).trim();
          if (rest.toLowerCase(Locale.ROOT).startsWith("from ")) {
            return datePart(unit.replace("'", ""), rest.substring(5));
          }
        }
        return null;
      }
      case "date_diff": case "datediff": case "date_sub_units":
        if (n == 3 && isString(args.get(0))) {
          String unit = unquote(args.get(0)).toLowerCase(Locale.ROOT);
          if (unit.equals("day") || unit.equals("days") || unit.equals("d")) {
            return "CAST(datediff(CAST(" + args.get(2) + " AS DATE), CAST(" + args.get(1) + " AS DATE)) AS BIGINT)";
          }
          return "CAST(timestampdiff(" + unit.replaceAll("s$", "").toUpperCase(Locale.ROOT) + ", " + args.get(1) + ", " + args.get(2) + ") AS BIGINT)";
        }
        return null;
      case "date_trunc": case "datetrunc":
        return n == 2 ? "CAST(date_trunc(" + args.get(0) + ", " + args.get(1) + ") AS TIMESTAMP_NTZ)" : null;
      case "strftime":
        return n == 2 && isString(args.get(1)) ? "date_format(" + args.get(0) + ", " + javaFormat(args.get(1)) + ")" : null;
      case "strptime":
        return n == 2 && isString(args.get(1)) ? "to_timestamp(" + args.get(0) + ", " + javaFormat(args.get(1)) + ")" : null;
      case "try_strptime":
        return n == 2 && isString(args.get(1)) ? "try_to_timestamp(" + args.get(0) + ", " + javaFormat(args.get(1)) + ")" : null;
      case "epoch":
        return n == 1 ? "CAST(unix_timestamp(" + args.get(0) + ") AS DOUBLE)" : null;
      case "today":
        return n == 0 ? "current_date()" : null;
      case "strpos": case "position_of":
        return n == 2 ? "CAST(instr(" + args.get(0) + ", " + args.get(1) + ") AS BIGINT)" : null;
      case "starts_with": case "prefix":
        return n == 2 ? "startswith(" + args.get(0) + ", " + args.get(1) + ")" : null;
      case "ends_with": case "suffix":
        return n == 2 ? "endswith(" + args.get(0) + ", " + args.get(1) + ")" : null;
      case "regexp_matches":
        return n == 2 ? "rlike(" + args.get(0) + ", " + args.get(1) + ")" : null;
      case "string_split": case "str_split":
        return n == 2 && isString(args.get(1)) ? "split(" + args.get(0) + ", " + quote(java.util.regex.Pattern.quote(unquote(args.get(1)))) + ")" : null;
      case "len":
        return n == 1 ? "CAST(length(" + args.get(0) + ") AS BIGINT)" : null;
      case "arg_max": case "argmax":
        return n == 2 ? "max_by(" + args.get(0) + ", " + args.get(1) + ")" : null;
      case "arg_min": case "argmin":
        return n == 2 ? "min_by(" + args.get(0) + ", " + args.get(1) + ")" : null;
      case "quantile_cont":
        return n == 2 ? "percentile(" + args.get(0) + ", " + args.get(1) + ")" : null;
      case "first_value": case "last_value": case "first": case "last": {
        if (n == 1) {
          String a = args.get(0).stripTrailing();
          String lower = a.toLowerCase(Locale.ROOT);
          if (lower.matches("(?s).*\\s+ignore\\s+nulls")) {
            return name + "(" + a.substring(0, lower.lastIndexOf("ignore")).stripTrailing() + ", true)";
          }
        }
        return null;
      }
      case "cast": case "try_cast":
        if (n == 1) {
          String a = args.get(0);
          int as = lastTopLevelAs(a);
          if (as > 0) {
            String ty = a.substring(as + 2).trim();
            String head = ty.split("[\\s(]", 2)[0];
            String mapped = type(head);
            if (!mapped.equals(head)) {
              ty = ty.toUpperCase(Locale.ROOT).startsWith("TIMESTAMP WITH TIME ZONE") ? "TIMESTAMP_LTZ"
                  : mapped + (ty.length() > head.length() && !mapped.contains("(") ? ty.substring(head.length()) : "");
              return name + "(" + a.substring(0, as) + "AS " + ty + ")";
            }
            if (ty.toUpperCase(Locale.ROOT).startsWith("TIMESTAMP WITH TIME ZONE")) {
              return name + "(" + a.substring(0, as) + "AS TIMESTAMP_LTZ)";
            }
          }
        }
        return null;
      default:
        return null;
    }
  }

  private static String datePart(String unit, String arg) {
    switch (unit.toLowerCase(Locale.ROOT).trim()) {
      case "dow": case "dayofweek": case "weekday":
        return "CAST(dayofweek(" + arg + ") - 1 AS BIGINT)";
      case "isodow":
        return "CAST((dayofweek(" + arg + ") + 5) % 7 + 1 AS BIGINT)";
      case "epoch":
        return "CAST(unix_timestamp(" + arg + ") AS DOUBLE)";
      case "week": case "weeks": case "weekofyear":
        return "CAST(weekofyear(" + arg + ") AS BIGINT)";
      default:
        return "CAST(extract(" + unit.trim().toUpperCase(Locale.ROOT) + " FROM " + arg + ") AS BIGINT)";
    }
  }

  /** strftime codes to Java's DateTimeFormatter letters as Spark reads them. */
  private static String javaFormat(String literal) {
    String f = unquote(literal);
    StringBuilder b = new StringBuilder();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < f.length(); i++) {
      char c = f.charAt(i);
      if (c == '%' && i + 1 < f.length()) {
        String p = switch (f.charAt(++i)) {
          case 'Y' -> "yyyy"; case 'y' -> "yy"; case 'm' -> "MM"; case 'd' -> "dd"; case 'e' -> "d";
          case 'H' -> "HH"; case 'I' -> "hh"; case 'M' -> "mm"; case 'S' -> "ss"; case 'f' -> "SSSSSS";
          case 'j' -> "DDD"; case 'p' -> "a"; case 'b' -> "MMM"; case 'B' -> "MMMM"; case 'a' -> "EEE";
          case 'A' -> "EEEE"; case 'z' -> "Z"; case '%' -> null; default -> null;
        };
        if (p == null) {
          text.append(f.charAt(i));
        } else {
          flush(b, text);
          b.append(p);
        }
      } else {
        text.append(c);
      }
    }
    flush(b, text);
    return quote(b.toString());
  }

  private static void flush(StringBuilder b, StringBuilder text) {
    if (text.length() > 0) {
      String s = text.toString();
      b.append(s.chars().allMatch(ch -> "-/:., T".indexOf(ch) >= 0) && !s.contains("T") ? s : "'" + s.replace("'", "''") + "'");
      text.setLength(0);
    }
  }

  private static int lastTopLevelAs(String a) {
    List<Token> t = Token.lex(a, true);
    int depth = 0;
    int pos = 0;
    int found = -1;
    for (Token k : t) {
      if (k.is("(")) depth++;
      else if (k.is(")")) depth--;
      else if (depth == 0 && k.kind == Token.Kind.WORD && k.text.equalsIgnoreCase("as")) found = pos;
      pos += k.text.length();
    }
    return found;
  }

  private static boolean isString(String arg) {
    String s = arg.trim();
    return s.length() >= 2 && s.startsWith("'") && s.endsWith("'");
  }

  /** The text of a string literal in Spark's form (backslash escapes), as the arguments hold them. */
  private static String unquote(String arg) {
    String s = arg.trim();
    String body = s.substring(1, s.length() - 1);
    StringBuilder b = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length()) {
        b.append(body.charAt(++i));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * A DuckDB string literal ({@code ''} for a quote, backslash an ordinary character) in Spark's
   * form (backslash escapes), so regular expressions like {@code '\d+'} mean the same on both.
   */
  static String sparkString(String duck) {
    if (duck.length() < 2 || !duck.endsWith("'")) {
      return duck;
    }
    return quote(duck.substring(1, duck.length() - 1).replace("''", "'"));
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** Top-level comma-separated arguments of tokens [from, to), each rewritten. */
  private static List<String> args(List<Token> t, int from, int to) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = from;
    for (int i = from; i < to; i++) {
      Token k = t.get(i);
      if (k.is("(") || k.is("[")) depth++;
      else if (k.is(")") || k.is("]")) depth--;
      else if (depth == 0 && k.is(",")) {
        out.add(sub(t, start, i));
        start = i + 1;
      }
    }
    if (start < to || !out.isEmpty()) {
      String last = sub(t, start, to);
      if (!last.isBlank() || !out.isEmpty()) {
        out.add(last);
      }
    }
    return out;
  }

  /** Tokens [from, to) rewritten, blanks around them trimmed but their line breaks kept (Spark's line numbers stay right). */
  private static String sub(List<Token> t, int from, int to) {
    StringBuilder b = new StringBuilder();
    rewrite(t, from, to, b);
    String s = b.toString();
    String core = s.strip();
    if (core.isEmpty()) {
      return "\n".repeat(newlines(s));
    }
    int start = s.indexOf(core);
    return "\n".repeat(newlines(s.substring(0, start))) + core + "\n".repeat(newlines(s.substring(start + core.length())));
  }

  private static int newlines(String s) {
    return (int) s.chars().filter(c -> c == '\n').count();
  }

  private static int matching(List<Token> t, int open, int to) {
    int depth = 0;
    for (int i = open; i < to; i++) {
      if (t.get(i).is("(")) depth++;
      else if (t.get(i).is(")") && --depth == 0) return i;
    }
    return -1;
  }

  private static int nextSolid(List<Token> t, int i, int to) {
    while (i < to && t.get(i).kind == Token.Kind.SPACE) i++;
    return i;
  }

  private static boolean previousIs(List<Token> t, int i, String s) {
    int j = i - 1;
    while (j >= 0 && t.get(j).kind == Token.Kind.SPACE) j--;
    return j >= 0 && t.get(j).is(s);
  }

  /** A lexical token: words, quoted strings and identifiers, spaces and comments, symbols. */
  record Token(Kind kind, String text) {
    enum Kind { WORD, STRING, QUOTED, SPACE, SYMBOL }

    boolean is(String s) {
      return kind == Kind.SYMBOL && text.equals(s);
    }

    static List<Token> lex(String s) {
      return lex(s, false);
    }

    /** @param sparkStrings backslash escapes in single-quoted strings (text already rewritten) */
    static List<Token> lex(String s, boolean sparkStrings) {
      List<Token> out = new ArrayList<>();
      int i = 0;
      int n = s.length();
      while (i < n) {
        char c = s.charAt(i);
        int j = i + 1;
        Kind kind;
        if (Character.isWhitespace(c)) {
          while (j < n && Character.isWhitespace(s.charAt(j))) j++;
          kind = Kind.SPACE;
        } else if (c == '-' && j < n && s.charAt(j) == '-') {
          while (j < n && s.charAt(j) != '\n') j++;
          kind = Kind.SPACE;
        } else if (c == '/' && j < n && s.charAt(j) == '*') {
          int end = s.indexOf("*/", j + 1);
          j = end < 0 ? n : end + 2;
          kind = Kind.SPACE;
        } else if (c == '\'' || c == '"' || c == '`') {
          while (j < n) {
            if (sparkStrings && c == '\'' && s.charAt(j) == '\\' && j + 1 < n) {
              j += 2;
              continue;
            }
            if (s.charAt(j) == c) {
              if (j + 1 < n && s.charAt(j + 1) == c) { j += 2; continue; }
              j++;
              break;
            }
            j++;
          }
          kind = c == '\'' ? Kind.STRING : Kind.QUOTED;
        } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
          while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '$')) j++;
          kind = Kind.WORD;
        } else if ((c == ':' || c == '/') && j < n && s.charAt(j) == c) {
          j++;
          kind = Kind.SYMBOL;
        } else {
          kind = Kind.SYMBOL;
        }
        out.add(new Token(kind, s.substring(i, j)));
        i = j;
      }
      return out;
    }
  }
}
