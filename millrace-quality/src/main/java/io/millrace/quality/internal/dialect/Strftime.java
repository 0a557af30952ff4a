package io.millrace.quality.internal.dialect;

import io.millrace.api.MillraceException;

/** C strftime formats (as DuckDB's strptime reads them) as Spark's Java date-time patterns. */
final class Strftime {
  private Strftime() {}

  /**
   * The Spark pattern for a strftime format: numeric fields of variable width (as strptime reads
   * them), literal text quoted.
   *
   * @throws MillraceException USER for a directive Spark's parser has no counterpart of
   */
  static String javaPattern(String fmt) {
    StringBuilder out = new StringBuilder();
    StringBuilder lit = new StringBuilder();
    for (int i = 0; i < fmt.length(); i++) {
      char c = fmt.charAt(i);
      if (c != '%' || i + 1 >= fmt.length()) {
        lit.append(c);
        continue;
      }
      char d = fmt.charAt(++i);
      if (d == '-' && i + 1 < fmt.length()) {
        d = fmt.charAt(++i);
      }
      if (d == '%') {
        lit.append('%');
        continue;
      }
      String p = switch (d) {
        case 'Y' -> "yyyy";
        case 'y' -> "yy";
        case 'm' -> "M";
        case 'd', 'e' -> "d";
        case 'H' -> "H";
        case 'I' -> "h";
        case 'M' -> "m";
        case 'S' -> "s";
        case 'f' -> "SSSSSS";
        case 'p' -> "a";
        case 'b', 'h' -> "MMM";
        case 'B' -> "MMMM";
        case 'a' -> "EEE";
        case 'A' -> "EEEE";
        case 'j' -> "D";
        case 'z' -> "[XXX][XX]";
        case 'Z' -> "z";
        default -> throw MillraceException.user("Cannot check strftime format '%s' on Spark: directive %%%s has no"
            + " counterpart in Spark's date-time patterns", fmt, d);
      };
      flush(out, lit);
      out.append(p);
    }
    flush(out, lit);
    return out.toString();
  }

  private static void flush(StringBuilder out, StringBuilder lit) {
    if (lit.length() > 0) {
      out.append('\'').append(lit.toString().replace("'", "''")).append('\'');
      lit.setLength(0);
    }
  }
}
