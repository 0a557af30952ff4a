package io.millrace.quality.internal;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.quality.internal.rowexpr.Node;
import io.millrace.quality.internal.rowexpr.Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses Great Expectations' {@code row_condition} into a typed boolean expression, so a suite can
 * only filter rows, never run SQL of its own: the condition is one expression of the
 * {@link io.millrace.quality.RowExpression} grammar, re-rendered from its tree.
 *
 * <p>Supported parsers: {@code pandas} ({@code a > 5 & (b == "x")}, backticked names),
 * {@code great_expectations} / {@code great_expectations__experimental__} ({@code col("a") > 5}),
 * translated token by token into that grammar; and {@code sql}/{@code spark}, parsed as they are.
 * Operators of the pandas forms: {@code == != < <= > >= & | ~}, {@code and or not}, parentheses,
 * {@code True False None}, {@code .isnull() .notnull()}. As in pandas' {@code query}, {@code &}
 * and {@code |} bind looser than comparisons. A number compared with a string column is compared
 * as text (pandas compares values, not casts).
 */
public final class RowCondition {
  private RowCondition() {}

  /** The condition as a BOOLEAN expression; {@code parser} may be null (pandas syntax). */
  public static Node parse(String condition, String parser, ColumnTypes schema) {
    String p = parser == null ? "pandas" : parser.trim().toLowerCase(Locale.ROOT);
    String sql = switch (p) {
      case "sql", "spark" -> condition;
      case "pandas", "great_expectations", "great_expectations__experimental__", "python" ->
          translate(condition, schema);
      default -> throw new BindError("condition_parser '" + parser + "' is not a valid enumeration member"
          + " (expected pandas, great_expectations, spark or sql)");
    };
    Node n;
    try {
      n = Parser.node(sql, schema.logical());
    } catch (MillraceException e) {
      throw new BindError("row_condition '" + condition + "' is not a single boolean expression: "
          + e.getMessage().replaceFirst("^Cannot parse expression '.*?': ", ""));
    }
    if (n.type() != null && n.type() != LogicalType.BOOLEAN) {
      throw new BindError("row_condition '" + condition + "' is not a boolean expression (it is "
          + n.type().sql() + ")");
    }
    return n;
  }

  private record Tok(char kind, String text) {} // kind: i=ident, n=number, s=string, o=operator, k=keyword

  private static String translate(String cond, ColumnTypes schema) {
    List<Tok> toks = tokenize(cond);
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < toks.size(); i++) {
      Tok t = toks.get(i);
      switch (t.kind) {
        case 'i' -> {
          if (!schema.has(t.text)) {
            throw new BindError("row_condition '" + cond + "' names column '" + t.text
                + "', which is not in the table (columns: " + schema.names() + ")");
          }
          out.append(Sql.ident(t.text));
        }
        case 'n' -> {
          boolean textual = i >= 2 && toks.get(i - 1).kind == 'o' && isComparison(toks.get(i - 1).text)
              && toks.get(i - 2).kind == 'i' && schema.isString(toks.get(i - 2).text);
          out.append(textual ? Sql.str(t.text) : t.text);
        }
        case 's' -> out.append(Sql.str(t.text));
        case 'k', 'o' -> out.append(op(t.text));
        default -> throw new IllegalStateException("token " + t);
      }
      out.append(' ');
    }
    return out.toString().trim() + ")";
  }

  private static boolean isComparison(String op) {
    return op.equals("==") || op.equals("!=") || op.equals("<") || op.equals("<=") || op.equals(">")
        || op.equals(">=") || op.equals("=");
  }

  private static String op(String t) {
    return switch (t) {
      case "==", "=" -> "=";
      case "!=" -> "IS DISTINCT FROM"; // pandas: NaN != x is true
      case "&", "and" -> "AND";
      case "|", "or" -> "OR";
      case "~", "not" -> "NOT";
      case "true" -> "TRUE";
      case "false" -> "FALSE";
      case "none" -> "NULL";
      case ".isnull()" -> "IS NULL";
      case ".notnull()" -> "IS NOT NULL";
      default -> t;
    };
  }

  private static List<Tok> tokenize(String s) {
    List<Tok> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (s.startsWith("col(", i)) {
        int close = s.indexOf(')', i);
        if (close < 0) {
          throw new BindError("row_condition '" + s + "': unclosed col(");
        }
        out.add(new Tok('i', unquote(s.substring(i + 4, close).trim(), s)));
        i = close + 1;
      } else if (c == '`') {
        int close = s.indexOf('`', i + 1);
        if (close < 0) {
          throw new BindError("row_condition '" + s + "': unclosed backtick");
        }
        out.add(new Tok('i', s.substring(i + 1, close)));
        i = close + 1;
      } else if (c == '"' || c == '\'') {
        int close = s.indexOf(c, i + 1);
        if (close < 0) {
          throw new BindError("row_condition '" + s + "': unclosed string");
        }
        out.add(new Tok('s', s.substring(i + 1, close)));
        i = close + 1;
      } else if (Character.isDigit(c) || (c == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))
          && (out.isEmpty() || out.get(out.size() - 1).kind == 'o'))) {
        int j = i + 1;
        while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.' || s.charAt(j) == 'e')) {
          j++;
        }
        out.add(new Tok('n', s.substring(i, j)));
        i = j;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
          j++;
        }
        String word = s.substring(i, j);
        String lower = word.toLowerCase(Locale.ROOT);
        if (List.of("and", "or", "not", "true", "false", "none").contains(lower)) {
          out.add(new Tok('k', lower));
        } else {
          out.add(new Tok('i', word));
        }
        i = j;
      } else if (s.startsWith(".isnull()", i) || s.startsWith(".notnull()", i)) {
        String t = s.startsWith(".isnull()", i) ? ".isnull()" : ".notnull()";
        out.add(new Tok('o', t));
        i += t.length();
      } else {
        String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
        if (List.of("==", "!=", "<=", ">=").contains(two)) {
          out.add(new Tok('o', two));
          i += 2;
        } else if ("<>&|~()=".indexOf(c) >= 0) {
          out.add(new Tok('o', String.valueOf(c)));
          i++;
        } else {
          throw new BindError("row_condition '" + s + "': unexpected character '" + c + "' at " + i);
        }
      }
    }
    return out;
  }

  private static String unquote(String q, String whole) {
    if (q.length() >= 2 && (q.charAt(0) == '"' || q.charAt(0) == '\'') && q.charAt(q.length() - 1) == q.charAt(0)) {
      return q.substring(1, q.length() - 1);
    }
    throw new BindError("row_condition '" + whole + "': col() needs a quoted column name");
  }
}
