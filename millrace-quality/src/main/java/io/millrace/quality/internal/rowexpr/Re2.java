package io.millrace.quality.internal.rowexpr;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles an RE2 pattern (DuckDB's regex engine) to a {@link Pattern} with the same matches, or
 * refuses it. Java accepts more than RE2 (look-around, back-references, possessive and atomic
 * groups, class intersection), and reads {@code $} and {@code .} differently: outside multi-line
 * mode RE2's {@code $} matches only at the very end, and only {@code \n} ends a line.
 */
final class Re2 {
  private Re2() {}

  /** Thrown for a pattern DuckDB would refuse or read differently; the message says why. */
  static final class Unsupported extends RuntimeException {
    Unsupported(String reason) {
      super(reason);
    }
  }

  static Pattern compile(String re, boolean caseInsensitive) {
    StringBuilder out = new StringBuilder();
    boolean inClass = false;
    boolean multiline = re.matches("(?s)^\\(\\?[a-zA-Z]*m[a-zA-Z]*\\).*");
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\' && i + 1 < re.length()) {
        char n = re.charAt(i + 1);
        if (Character.isDigit(n) && n != '0') {
          throw new Unsupported("back-references (\\" + n + ") are not supported by RE2");
        }
        if (n == 'Z') {
          throw new Unsupported("\\Z is not supported by RE2 (use \\z)");
        }
        out.append(c).append(n);
        i++;
        continue;
      }
      if (inClass) {
        if (c == '&' && i + 1 < re.length() && re.charAt(i + 1) == '&') {
          out.append("\\&");  // RE2 reads && in a class literally; Java as intersection
          continue;
        }
        if (c == '[' && re.startsWith("[:", i) && re.indexOf(":]", i + 2) > 0) {
          int end = re.indexOf(":]", i + 2);
          out.append(posixClass(re.substring(i + 2, end)));
          i = end + 1;
          continue;
        }
        if (c == '[') {
          out.append("\\[");  // nested classes are Java-only
          continue;
        }
        if (c == ']' && !(out.charAt(out.length() - 1) == '[' || out.toString().endsWith("[^"))) {
          inClass = false;
        }
        out.append(c);
        continue;
      }
      if (c == '[') {
        inClass = true;
        out.append(c);
        if (i + 1 < re.length() && re.charAt(i + 1) == '^') {
          out.append('^');
          i++;
        }
        if (i + 1 < re.length() && re.charAt(i + 1) == ']') {
          out.append("\\]");
          i++;
        }
        continue;
      }
      if (c == '(' && re.startsWith("(?", i) && i + 2 < re.length()) {
        char k = re.charAt(i + 2);
        if (k == '=' || k == '!' || k == '>' || (k == '<' && i + 3 < re.length()
            && (re.charAt(i + 3) == '=' || re.charAt(i + 3) == '!'))) {
          throw new Unsupported("look-around and atomic groups are not supported by RE2");
        }
      }
      if ((c == '+' || c == '?' || c == '*' || c == '}') && i + 1 < re.length() && re.charAt(i + 1) == '+') {
        throw new Unsupported("possessive quantifiers are not supported by RE2");
      }
      out.append(c == '$' && !multiline ? "\\z" : String.valueOf(c));
    }
    int flags = Pattern.UNIX_LINES | Pattern.UNICODE_CASE | (caseInsensitive ? Pattern.CASE_INSENSITIVE : 0);
    try {
      return Pattern.compile(out.toString(), flags);
    } catch (PatternSyntaxException e) {
      throw new Unsupported(e.getDescription() + " near index " + e.getIndex());
    }
  }

  /** RE2's {@code [:name:]} inside a class, as a Java property class. */
  private static String posixClass(String name) {
    boolean neg = name.startsWith("^");
    String n = neg ? name.substring(1) : name;
    String prop = switch (n) {
      case "alpha" -> "Alpha";
      case "digit" -> "Digit";
      case "alnum" -> "Alnum";
      case "upper" -> "Upper";
      case "lower" -> "Lower";
      case "space" -> "Space";
      case "punct" -> "Punct";
      case "xdigit" -> "XDigit";
      case "blank" -> "Blank";
      case "cntrl" -> "Cntrl";
      case "print" -> "Print";
      case "graph" -> "Graph";
      case "ascii" -> "ASCII";
      case "word" -> null;
      default -> throw new Unsupported("unknown character class [:" + name + ":]");
    };
    if (prop == null) {
      return neg ? "\\W" : "\\w";
    }
    return (neg ? "\\P{" : "\\p{") + prop + "}";
  }
}
