package io.millrace.quality.internal.dialect;

import io.millrace.api.MillraceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the quality engine's canonical (DuckDB) SQL as Spark SQL. The text is tokenized (string
 * literals, quoted identifiers, words, parentheses) and function calls are rewritten with their
 * rendered arguments; nothing is matched inside literals or identifiers, so a value or column name
 * can never be rewritten. What it changes:
 *
 * <ul>
 *   <li>{@code "name"} → {@code `name`}; {@code 'it''s'} → {@code 'it\'s'} (Spark unescapes
 *       backslashes in literals, so they are doubled);
 *   <li>types: {@code VARCHAR} → {@code STRING}, {@code TIMESTAMP} → {@code TIMESTAMP_NTZ},
 *       {@code TIMESTAMPTZ} / {@code TIMESTAMP WITH TIME ZONE} → {@code TIMESTAMP_LTZ};
 *   <li>{@code read_parquet('f')} → {@code parquet.`f`} (a list of files: their UNION ALL);
 *   <li>{@code to_json(x)} → the element of {@code to_json(array(x))}; {@code json_object},
 *       {@code json_array} → {@code to_json(named_struct(...))}, concatenated elements;
 *       {@code json_valid(x)} → {@code try_parse_json(x) IS NOT NULL} (NULL for NULL);
 *   <li>{@code json_exists}, {@code json_extract}, {@code json_type} → the same on
 *       {@code variant_get(try_parse_json(x), path)}, types given DuckDB's JSON type names;
 *   <li>{@code regexp_matches(x, re[, 'i'])} → {@code x RLIKE re} (both find a match anywhere);
 *   <li>{@code try_strptime(x, fmt | [fmts])} → {@code coalesce(try_to_timestamp(x, pattern), ...)}
 *       with each strftime format as a Java date-time pattern;
 *   <li>{@code quantile_cont} → {@code percentile}; {@code row(...)} → {@code struct(...)};
 *       {@code concat} (skips NULLs) → {@code concat_ws('', ...)}; {@code dayofweek} (Sunday 0),
 *       {@code isodow}, {@code epoch}; {@code a // b} → {@code a div b};
 *   <li>{@code WHERE (c)} → {@code WHERE TRUE AND (c)}: Spark parses {@code FROM t WHERE (TRUE)} as
 *       {@code t} aliased {@code WHERE} with a column list;
 *   <li>{@code lag(x) OVER ()} (scan order) → {@code lag(x) OVER (ORDER BY monotonically_increasing_id())}.
 * </ul>
 *
 * Everything else ({@code count_if}, {@code FILTER (WHERE ...)}, {@code TRY_CAST},
 * {@code IS DISTINCT FROM}, {@code median}, {@code stddev_samp}, window functions, {@code GROUP BY
 * ALL}) is the same in both dialects and passes through.
 */
public final class SparkSql {
  private SparkSql() {}

  private enum Kind { WS, STR, IDENT, RAW, WORD, OP, GROUP }

  private record Item(Kind kind, String text, List<Item> group) {
    static Item tok(Kind k, String text) {
      return new Item(k, text, null);
    }

    boolean isOp(String s) {
      return kind == Kind.OP && text.equals(s);
    }

    boolean isWord(String s) {
      return kind == Kind.WORD && text.equalsIgnoreCase(s);
    }
  }

  /** The canonical SQL text in Spark SQL. */
  public static String render(String sql) {
    int[] pos = {0};
    List<Item> items = parse(sql, pos, false);
    return render(items);
  }

  // ---- tokens ------------------------------------------------------------------------------------

  private static List<Item> parse(String s, int[] pos, boolean inGroup) {
    List<Item> out = new ArrayList<>();
    while (pos[0] < s.length()) {
      int i = pos[0];
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        int j = i;
        while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
          j++;
        }
        out.add(Item.tok(Kind.WS, s.substring(i, j)));
        pos[0] = j;
      } else if (c == '\'' || c == '"') {
        StringBuilder v = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= s.length()) {
            throw MillraceException.user("Cannot render SQL for Spark: unclosed %s in: %s",
                c == '"' ? "quoted identifier" : "string literal", s);
          }
          char d = s.charAt(j);
          if (d == c) {
            if (j + 1 < s.length() && s.charAt(j + 1) == c) {
              v.append(c);
              j += 2;
              continue;
            }
            break;
          }
          v.append(d);
          j++;
        }
        out.add(Item.tok(c == '"' ? Kind.IDENT : Kind.STR, v.toString()));
        pos[0] = j + 1;
      } else if (c == '`') {
        int j = s.indexOf('`', i + 1);
        while (j >= 0 && j + 1 < s.length() && s.charAt(j + 1) == '`') {
          j = s.indexOf('`', j + 2);
        }
        if (j < 0) {
          throw MillraceException.user("Cannot render SQL for Spark: unclosed backtick in: %s", s);
        }
        out.add(Item.tok(Kind.RAW, s.substring(i, j + 1)));
        pos[0] = j + 1;
      } else if (c == '-' && i + 1 < s.length() && s.charAt(i + 1) == '-') {
        int j = s.indexOf('\n', i);
        j = j < 0 ? s.length() : j;
        out.add(Item.tok(Kind.RAW, s.substring(i, j)));
        pos[0] = j;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '$')) {
          j++;
        }
        out.add(Item.tok(Kind.WORD, s.substring(i, j)));
        pos[0] = j;
      } else if (Character.isDigit(c)) {
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.'
            || ((s.charAt(j) == '+' || s.charAt(j) == '-') && (s.charAt(j - 1) == 'e' || s.charAt(j - 1) == 'E')))) {
          j++;
        }
        out.add(Item.tok(Kind.RAW, s.substring(i, j)));
        pos[0] = j;
      } else if (c == '(') {
        pos[0] = i + 1;
        out.add(new Item(Kind.GROUP, null, parse(s, pos, true)));
      } else if (c == ')') {
        pos[0] = i + 1;
        if (inGroup) {
          return out;
        }
        throw MillraceException.user("Cannot render SQL for Spark: unbalanced ')' at %d in: %s", i, s);
      } else {
        out.add(Item.tok(Kind.OP, String.valueOf(c)));
        pos[0] = i + 1;
      }
    }
    if (inGroup) {
      throw MillraceException.user("Cannot render SQL for Spark: unclosed '(' in: %s", s);
    }
    return out;
  }

  // ---- rendering ---------------------------------------------------------------------------------

  private static String render(List<Item> items) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < items.size(); i++) {
      Item it = items.get(i);
      switch (it.kind) {
        case WS, RAW -> sb.append(it.text);
        case STR -> sb.append(str(it.text));
        case IDENT -> sb.append(ident(it.text));
        case GROUP -> sb.append('(').append(render(it.group)).append(')');
        case OP -> {
          if (it.isOp("/") && i + 1 < items.size() && items.get(i + 1).isOp("/")) {
            sb.append(" div ");
            i++;
          } else {
            sb.append(it.text);
          }
        }
        case WORD -> {
          int next = skipWs(items, i + 1);
          if (next < items.size() && items.get(next).kind == Kind.GROUP && next == i + 1) {
            sb.append(call(it.text, items.get(next).group));
            i = next;
            int over = skipWs(items, i + 1);
            int window = skipWs(items, over + 1);
            if ((it.isWord("lag") || it.isWord("lead")) && over < items.size() && items.get(over).isWord("OVER")
                && window < items.size() && items.get(window).kind == Kind.GROUP
                && items.get(window).group.stream().allMatch(x -> x.kind == Kind.WS)) {
              // DuckDB's OVER () is the scan order; Spark needs an order: the same, as row ids
              sb.append(" OVER (ORDER BY monotonically_increasing_id())");
              i = window;
            }
          } else if (it.isWord("WHERE") && next < items.size() && items.get(next).kind == Kind.GROUP) {
            // Spark reads "FROM t WHERE (TRUE) GROUP BY ..." as t aliased WHERE with a column list
            sb.append(it.text).append(" TRUE AND");
          } else if (it.isWord("TIMESTAMP") && withTimeZone(items, i + 1) > 0) {
            sb.append("TIMESTAMP_LTZ");
            i = withTimeZone(items, i + 1) - 1;
          } else {
            sb.append(word(it.text));
          }
        }
        default -> throw new IllegalStateException(it.toString());
      }
    }
    return sb.toString();
  }

  private static int skipWs(List<Item> items, int i) {
    while (i < items.size() && items.get(i).kind == Kind.WS) {
      i++;
    }
    return i;
  }

  /** The index after {@code WITH TIME ZONE} following {@code from}, or -1. */
  private static int withTimeZone(List<Item> items, int from) {
    int i = from;
    for (String w : List.of("WITH", "TIME", "ZONE")) {
      i = skipWs(items, i);
      if (i >= items.size() || !items.get(i).isWord(w)) {
        return -1;
      }
      i++;
    }
    return i;
  }

  private static String word(String w) {
    return switch (w.toUpperCase(Locale.ROOT)) {
      case "VARCHAR", "TEXT" -> "STRING";
      case "TIMESTAMP" -> "TIMESTAMP_NTZ";
      case "TIMESTAMPTZ" -> "TIMESTAMP_LTZ";
      default -> w;
    };
  }

  /** A Spark string literal: backslashes and quotes escaped with a backslash. */
  static String str(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  static String ident(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** Arguments of a call: the group's items split at top-level commas. */
  private static List<List<Item>> args(List<Item> group) {
    List<List<Item>> out = new ArrayList<>();
    List<Item> cur = new ArrayList<>();
    int bracket = 0;
    for (Item it : group) {
      if (it.isOp("[")) {
        bracket++;
      } else if (it.isOp("]")) {
        bracket--;
      }
      if (it.isOp(",") && bracket == 0) {
        out.add(cur);
        cur = new ArrayList<>();
      } else {
        cur.add(it);
      }
    }
    if (!cur.isEmpty() || !out.isEmpty()) {
      out.add(cur);
    }
    return out;
  }

  private static List<Item> trim(List<Item> arg) {
    int b = 0;
    int e = arg.size();
    while (b < e && arg.get(b).kind == Kind.WS) {
      b++;
    }
    while (e > b && arg.get(e - 1).kind == Kind.WS) {
      e--;
    }
    return arg.subList(b, e);
  }

  /** The string literals of an argument that is one literal or a list {@code ['a', 'b']}; null otherwise. */
  private static List<String> literals(List<Item> arg) {
    List<Item> a = trim(arg);
    if (a.size() == 1 && a.get(0).kind == Kind.STR) {
      return List.of(a.get(0).text);
    }
    if (a.size() >= 2 && a.get(0).isOp("[") && a.get(a.size() - 1).isOp("]")) {
      List<String> out = new ArrayList<>();
      for (List<Item> el : args(a.subList(1, a.size() - 1))) {
        List<Item> t = trim(el);
        if (t.size() != 1 || t.get(0).kind != Kind.STR) {
          return null;
        }
        out.add(t.get(0).text);
      }
      return out;
    }
    return null;
  }

  private static String call(String name, List<Item> group) {
    List<List<Item>> raw = args(group);
    List<String> a = raw.stream().map(SparkSql::render).map(String::trim).toList();
    String n = name.toLowerCase(Locale.ROOT);
    switch (n) {
      case "read_parquet" -> {
        List<String> files = raw.isEmpty() ? null : literals(raw.get(0));
        if (files == null || files.isEmpty() || raw.size() > 1) {
          throw MillraceException.user("Cannot read %s(%s) on Spark: give one file or a list of files, no options",
              name, render(group));
        }
        if (files.size() == 1) {
          return "parquet." + ident(files.get(0));
        }
        return files.stream().map(f -> "SELECT * FROM parquet." + ident(f))
            .collect(java.util.stream.Collectors.joining(" UNION ALL ", "(", ")"));
      }
      case "to_json" -> {
        if (a.size() == 1) {
          return jsonValue(a.get(0));
        }
      }
      case "json_object" -> {
        return "to_json(named_struct(" + String.join(", ", a) + "), map('ignoreNullFields', 'false'))";
      }
      case "json_array" -> {
        StringBuilder sb = new StringBuilder("concat('['");
        for (int i = 0; i < a.size(); i++) {
          sb.append(i == 0 ? ", " : ", ',', ").append(jsonValue(a.get(i)));
        }
        return sb.append(", ']')").toString();
      }
      case "json_valid" -> {
        if (a.size() == 1) {
          return "(CASE WHEN " + a.get(0) + " IS NULL THEN NULL ELSE try_parse_json(" + a.get(0)
              + ") IS NOT NULL END)";
        }
      }
      case "regexp_matches" -> {
        if (a.size() == 2) {
          return "(" + a.get(0) + " RLIKE " + a.get(1) + ")";
        }
        if (a.size() == 3) {
          List<String> opts = literals(raw.get(2));
          String o = opts == null || opts.size() != 1 ? "" : opts.get(0);
          boolean ci = o.lastIndexOf('i') > o.lastIndexOf('c');
          return "(" + a.get(0) + " RLIKE " + (ci ? "concat('(?i)', " + a.get(1) + ")" : a.get(1)) + ")";
        }
      }
      case "try_strptime" -> {
        List<String> fmts = a.size() == 2 ? literals(raw.get(1)) : null;
        if (fmts == null || fmts.isEmpty()) {
          throw MillraceException.user("Cannot render try_strptime(%s) for Spark: the format must be a string"
              + " literal or a list of them", render(group));
        }
        List<String> parts = new ArrayList<>();
        for (String f : fmts) {
          parts.add("try_to_timestamp(" + a.get(0) + ", " + str(Strftime.javaPattern(f)) + ")");
        }
        return parts.size() == 1 ? parts.get(0) : "coalesce(" + String.join(", ", parts) + ")";
      }
      case "json_exists", "json_type", "json_extract" -> {
        List<String> path = a.size() == 2 ? literals(raw.get(1)) : null;
        if (path == null || path.size() != 1) {
          throw MillraceException.user("Cannot render %s(%s) for Spark: the path must be one string literal", name,
              render(group));
        }
        String v = "variant_get(try_parse_json(" + a.get(0) + "), " + str(variantPath(path.get(0))) + ")";
        if (n.equals("json_exists")) {
          return "(" + v + " IS NOT NULL)";
        }
        if (n.equals("json_extract")) {
          return "to_json(" + v + ")";
        }
        String t = "schema_of_variant(" + v + ")";
        return "(CASE WHEN " + t + " = 'STRING' THEN 'VARCHAR'"
            + " WHEN " + t + " IN ('TINYINT', 'SMALLINT', 'INT', 'BIGINT') THEN 'BIGINT'"
            + " WHEN " + t + " IN ('DOUBLE', 'FLOAT') OR " + t + " LIKE 'DECIMAL%' THEN 'DOUBLE'"
            + " WHEN " + t + " LIKE 'OBJECT%' THEN 'OBJECT' WHEN " + t + " LIKE 'ARRAY%' THEN 'ARRAY'"
            + " WHEN " + t + " = 'VOID' THEN 'NULL' ELSE " + t + " END)";
      }
      case "quantile_cont" -> {
        return "percentile(" + String.join(", ", a) + ")";
      }
      case "row" -> {
        return "struct(" + String.join(", ", a) + ")";
      }
      case "concat" -> {
        return a.stream().map(x -> "CAST(" + x + " AS STRING)")
            .collect(java.util.stream.Collectors.joining(", ", "concat_ws('', ", ")"));
      }
      case "dayofweek" -> {
        return "(dayofweek(" + a.get(0) + ") - 1)";
      }
      case "isodow" -> {
        return "(weekday(" + a.get(0) + ") + 1)";
      }
      case "epoch" -> {
        return "(unix_micros(CAST(" + a.get(0) + " AS TIMESTAMP_LTZ)) / 1000000.0)";
      }
      default -> {
        // same name and meaning in both dialects
      }
    }
    return word(name) + "(" + render(group) + ")";
  }

  /** A DuckDB JSON path ({@code $."a"."b"[0]}) as a Spark variant path ({@code $['a']['b'][0]}). */
  static String variantPath(String path) {
    if (!path.startsWith("$")) {
      throw MillraceException.user("Cannot render JSON path '%s' for Spark: it must start with $", path);
    }
    StringBuilder out = new StringBuilder("$");
    int i = 1;
    while (i < path.length()) {
      char c = path.charAt(i);
      String key;
      if (c == '[') {
        int close = path.indexOf(']', i);
        if (close < 0) {
          throw MillraceException.user("Cannot render JSON path '%s' for Spark: unclosed [", path);
        }
        out.append(path, i, close + 1);
        i = close + 1;
        continue;
      }
      if (c != '.' || i + 1 >= path.length()) {
        throw MillraceException.user("Cannot render JSON path '%s' for Spark at position %d", path, i);
      }
      i++;
      if (path.charAt(i) == '"') {
        StringBuilder k = new StringBuilder();
        i++;
        while (i < path.length() && path.charAt(i) != '"') {
          if (path.charAt(i) == '\\' && i + 1 < path.length()) {
            i++;
          }
          k.append(path.charAt(i++));
        }
        i++;
        key = k.toString();
      } else {
        int j = i;
        while (j < path.length() && path.charAt(j) != '.' && path.charAt(j) != '[') {
          j++;
        }
        key = path.substring(i, j);
        i = j;
      }
      if (key.contains("'") || key.contains("\\")) {
        throw MillraceException.user("Cannot render JSON path '%s' for Spark: key %s has a quote or backslash", path,
            key);
      }
      out.append("['").append(key).append("']");
    }
    return out.toString();
  }

  /** JSON text of one value, as DuckDB's to_json: the only element of a one-element JSON array. */
  private static String jsonValue(String x) {
    return "regexp_replace(to_json(array(" + x + ")), " + str("^\\[|\\]$") + ", '')";
  }
}
