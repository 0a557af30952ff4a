package io.millrace.core.project;

import io.millrace.api.MillraceException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as written in {@code millrace.yaml}: {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 1h}, {@code 2d}, combinations such as {@code 1h30m}, ISO-8601 ({@code PT15M}) and
 * {@code 0}.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * @throws MillraceException USER naming the text when it is not a duration
   */
  public static Duration parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.startsWith("p")) {
      try {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw MillraceException.user("Cannot parse duration '%s': not ISO-8601", text);
      }
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < s.length() && m.find(at) && m.start() == at) {
      total = total.plus(unit(Long.parseLong(m.group(1)), m.group(2)));
      at = m.end();
    }
    if (at == 0 || at < s.length()) {
      throw MillraceException.user("Cannot parse duration '%s': expected a number with a unit "
          + "(500ms, 30s, 5m, 1h, 2d) or ISO-8601 (PT15M)", text);
    }
    return total;
  }

  /** Formats a duration the way {@link #parse} reads it, e.g. {@code 1h30m}; {@code 0} for zero. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    StringBuilder b = new StringBuilder();
    long days = d.toDays();
    if (days > 0) {
      b.append(days).append('d');
    }
    if (d.toHoursPart() > 0) {
      b.append(d.toHoursPart()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      b.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      b.append(d.toSecondsPart()).append('s');
    }
    if (d.toMillisPart() > 0) {
      b.append(d.toMillisPart()).append("ms");
    }
    return b.toString();
  }

  private static Duration unit(long n, String unit) {
    switch (unit) {
      case "ms": return Duration.ofMillis(n);
      case "s": return Duration.ofSeconds(n);
      case "m": return Duration.ofMinutes(n);
      case "h": return Duration.ofHours(n);
      default: return Duration.ofDays(n);
    }
  }
}
