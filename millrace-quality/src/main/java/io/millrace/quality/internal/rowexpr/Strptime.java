package io.millrace.quality.internal.rowexpr;

import io.millrace.api.LogicalType;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * DuckDB's {@code try_strptime(text, format)} (or a list of formats, the first that parses): C
 * strftime directives, whitespace in the format matching any run of whitespace, numbers of up to
 * the directive's width with leading spaces skipped, month and day names in English, and no
 * trailing text. With {@code %z} the result is a TIMESTAMPTZ, else a TIMESTAMP; NULL when no
 * format parses.
 */
final class Strptime {
  private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july",
      "august", "september", "october", "november", "december"};
  private static final String[] DAYS = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
      "saturday"};

  private Strptime() {}

  /** Builds the call; formats must be a string literal or a list of them. */
  static Node call(List<Node> args, List<String> formats, boolean list) {
    Types.require(args.get(0), "try_strptime()", LogicalType.VARCHAR);
    for (String f : formats) {
      check(f);
    }
    boolean tz = formats.stream().anyMatch(f -> f.contains("%z"));
    String fmtSql = !list ? io.millrace.quality.internal.Sql.str(formats.get(0))
        : formats.stream().map(io.millrace.quality.internal.Sql::str)
            .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    LogicalType out = tz ? LogicalType.TIMESTAMPTZ : LogicalType.TIMESTAMP;
    return new Nodes.Call("try_strptime", List.of(args.get(0)), out, true, v -> {
      for (String f : formats) {
        LocalDateTime[] t = new LocalDateTime[1];
        Integer off = parse((String) v[0], f, t);
        if (t[0] != null) {
          return tz ? t[0].toInstant(ZoneOffset.ofTotalSeconds(off == null ? 0 : off)) : t[0];
        }
      }
      return null;
    }, a -> "try_strptime(" + a.get(0) + ", " + fmtSql + ")");
  }

  /** Refuses directives the engine does not know. */
  static void check(String fmt) {
    for (int i = 0; i < fmt.length(); i++) {
      if (fmt.charAt(i) != '%') {
        continue;
      }
      i++;
      if (i < fmt.length() && fmt.charAt(i) == '-') {
        i++;
      }
      if (i >= fmt.length() || "aAwdbBhmyYHIpMSfzZjUWcxX%ge".indexOf(fmt.charAt(i)) < 0) {
        throw new Refusal("strftime format '" + fmt + "' has an unsupported directive at position " + i);
      }
    }
  }

  private static final class Cursor {
    final String s;
    int pos;

    Cursor(String s) {
      this.s = s;
    }

    boolean end() {
      return pos >= s.length();
    }

    void skipSpace() {
      while (!end() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    /** Up to {@code width} digits after optional spaces; -1 when there is none. */
    int number(int width) {
      skipSpace();
      int start = pos;
      long v = 0;
      while (!end() && pos - start < width && Character.isDigit(s.charAt(pos))) {
        v = v * 10 + (s.charAt(pos++) - '0');
      }
      return pos == start || v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    /** Index of the name at the cursor (full or three-letter), or -1. */
    int name(String[] names) {
      String rest = s.substring(pos).toLowerCase(Locale.ROOT);
      for (int i = 0; i < names.length; i++) {
        if (rest.startsWith(names[i])) {
          pos += names[i].length();
          return i;
        }
      }
      for (int i = 0; i < names.length; i++) {
        if (rest.startsWith(names[i].substring(0, 3))) {
          pos += 3;
          return i;
        }
      }
      return -1;
    }
  }

  /** Parses {@code text}; sets {@code out[0]} on success and returns the offset in seconds (or null). */
  static Integer parse(String text, String fmt, LocalDateTime[] out) {
    Cursor c = new Cursor(text);
    int year = 1900;
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int micros = 0;
    int yday = -1;
    Boolean pm = null;
    Integer offset = null;
    for (int i = 0; i < fmt.length(); i++) {
      char f = fmt.charAt(i);
      if (f != '%') {
        if (Character.isWhitespace(f)) {
          c.skipSpace();
        } else if (c.end() || c.s.charAt(c.pos++) != f) {
          return null;
        }
        continue;
      }
      char d = fmt.charAt(++i);
      if (d == '-') {
        d = fmt.charAt(++i);
      }
      int n;
      switch (d) {
        case 'Y', 'G' -> n = year = c.number(9);
        case 'y' -> {
          n = c.number(2);
          year = n < 0 ? -1 : n <= 68 ? 2000 + n : 1900 + n;
        }
        case 'm' -> n = month = c.number(2);
        case 'd', 'e' -> n = day = c.number(2);
        case 'H' -> n = hour = c.number(2);
        case 'I' -> n = hour = c.number(2);
        case 'M' -> n = minute = c.number(2);
        case 'S' -> n = second = c.number(2);
        case 'j' -> n = yday = c.number(3);
        case 'U', 'W' -> n = c.number(2);
        case 'w' -> n = c.number(1);
        case 'f' -> {
          int start = c.pos;
          n = c.number(6);
          int digits = c.pos - start;
          micros = n < 0 ? 0 : n * (int) Math.pow(10, 6 - digits);
        }
        case 'b', 'B', 'h' -> {
          n = c.name(MONTHS);
          month = n + 1;
        }
        case 'a', 'A' -> n = c.name(DAYS);
        case 'p' -> {
          String rest = c.s.substring(c.pos).toUpperCase(Locale.ROOT);
          n = rest.startsWith("AM") || rest.startsWith("PM") ? 0 : -1;
          pm = rest.startsWith("PM");
          c.pos += 2;
        }
        case 'z' -> {
          offset = offset(c);
          n = offset == null ? -1 : 0;
        }
        case 'Z' -> {
          int start = c.pos;
          while (!c.end() && (Character.isLetter(c.s.charAt(c.pos)) || c.s.charAt(c.pos) == '/'
              || c.s.charAt(c.pos) == '_')) {
            c.pos++;
          }
          n = c.pos > start ? 0 : -1;
        }
        case '%' -> n = !c.end() && c.s.charAt(c.pos++) == '%' ? 0 : -1;
        default -> n = -1; // %c %x %X: locale forms the engine does not parse either
      }
      if (n < 0) {
        return null;
      }
    }
    c.skipSpace();
    if (!c.end()) {
      return null;
    }
    if (pm != null) {
      if (hour < 1 || hour > 12) {
        return null;
      }
      hour = hour % 12 + (pm ? 12 : 0);
    }
    try {
      LocalDate date = yday >= 0 ? LocalDate.ofYearDay(year, yday) : LocalDate.of(year, month, day);
      out[0] = date.atTime(hour, minute, second, micros * 1000);
    } catch (DateTimeException e) {
      return null;
    }
    return offset;
  }

  private static Integer offset(Cursor c) {
    if (c.end()) {
      return null;
    }
    char s = c.s.charAt(c.pos);
    if (s == 'Z') {
      c.pos++;
      return 0;
    }
    if (s != '+' && s != '-') {
      return null;
    }
    c.pos++;
    int start = c.pos;
    int h = c.number(2);
    if (h < 0 || c.pos - start != 2) {
      return null;
    }
    int m = 0;
    if (!c.end() && c.s.charAt(c.pos) == ':') {
      c.pos++;
    }
    int ms = c.pos;
    if (!c.end() && Character.isDigit(c.s.charAt(c.pos))) {
      m = c.number(2);
      if (c.pos - ms != 2) {
        return null;
      }
    }
    return (s == '-' ? -1 : 1) * (h * 3600 + m * 60);
  }
}
