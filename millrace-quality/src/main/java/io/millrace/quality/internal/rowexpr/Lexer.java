package io.millrace.quality.internal.rowexpr;

import java.util.ArrayList;
import java.util.List;

/** Splits expression text into tokens; {@code pos} is the 0-based offset of each token. */
final class Lexer {
  enum Kind { IDENT, QUOTED, NUMBER, STRING, OP, END }

  record Token(Kind kind, String text, int pos) {
    boolean is(String word) {
      return (kind == Kind.IDENT || kind == Kind.OP) && text.equalsIgnoreCase(word);
    }
  }

  private static final List<String> OPS = List.of("::", "||", "//", "<=", ">=", "<>", "!=", "==", "(", ")", ",",
      "+", "-", "*", "/", "%", "<", ">", "=", "[", "]");

  private Lexer() {}

  static List<Token> tokens(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (s.startsWith("--", i)) {
        int nl = s.indexOf('\n', i);
        i = nl < 0 ? s.length() : nl + 1;
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        if (end < 0) {
          throw new ParseFailure("unclosed comment", i);
        }
        i = end + 2;
      } else if (c == '\'' || c == '"') {
        StringBuilder sb = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= s.length()) {
            throw new ParseFailure(c == '\'' ? "unclosed string" : "unclosed quoted name", i);
          }
          char d = s.charAt(j);
          if (d == c) {
            if (j + 1 < s.length() && s.charAt(j + 1) == c) {
              sb.append(c);
              j += 2;
              continue;
            }
            break;
          }
          sb.append(d);
          j++;
        }
        out.add(new Token(c == '\'' ? Kind.STRING : Kind.QUOTED, sb.toString(), i));
        i = j + 1;
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
        int j = i;
        while (j < s.length() && Character.isDigit(s.charAt(j))) {
          j++;
        }
        if (j < s.length() && s.charAt(j) == '.') {
          j++;
          while (j < s.length() && Character.isDigit(s.charAt(j))) {
            j++;
          }
        }
        if (j < s.length() && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
          int k = j + 1;
          if (k < s.length() && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
            k++;
          }
          if (k < s.length() && Character.isDigit(s.charAt(k))) {
            j = k;
            while (j < s.length() && Character.isDigit(s.charAt(j))) {
              j++;
            }
          }
        }
        out.add(new Token(Kind.NUMBER, s.substring(i, j), i));
        i = j;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '$')) {
          j++;
        }
        out.add(new Token(Kind.IDENT, s.substring(i, j), i));
        i = j;
      } else if (c == ';') {
        throw new ParseFailure("';' is not allowed: only one expression, not statements", i);
      } else {
        String op = null;
        for (String o : OPS) {
          if (s.startsWith(o, i)) {
            op = o;
            break;
          }
        }
        if (op == null) {
          throw new ParseFailure("unexpected character '" + c + "'", i);
        }
        out.add(new Token(Kind.OP, op, i));
        i += op.length();
      }
    }
    out.add(new Token(Kind.END, "", s.length()));
    return out;
  }

  /** A syntax or typing problem at a position of the text. */
  static final class ParseFailure extends RuntimeException {
    final int pos;

    ParseFailure(String reason, int pos) {
      super(reason);
      this.pos = pos;
    }
  }
}
