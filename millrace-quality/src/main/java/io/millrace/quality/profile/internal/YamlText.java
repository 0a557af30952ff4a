package io.millrace.quality.profile.internal;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scalars for hand-written flow-style YAML. Plain when a YAML 1.1 or 1.2 reader cannot mistake
 * them for another type, double-quoted otherwise (JSON escapes are valid YAML escapes).
 */
public final class YamlText {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
  private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off", "y", "n",
      "null", "nan", "inf", ".nan", ".inf");

  private YamlText() {}

  public static String scalar(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
      return value.toString();
    }
    if (value instanceof Double) {
      double d = (Double) value;
      // Double.toString's "1.0E7" is a string to YAML 1.1 readers (exponent without sign)
      return Double.isFinite(d) ? BigDecimal.valueOf(d).toPlainString() : quoted(value.toString());
    }
    String s = value.toString();
    return PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(Locale.ROOT)) ? s : quoted(s);
  }

  public static String quoted(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xfeff) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }
}
