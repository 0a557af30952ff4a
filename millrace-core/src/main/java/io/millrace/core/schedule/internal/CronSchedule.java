package io.millrace.core.schedule.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.project.Schedule;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;

/**
 * A classic 5-field cron expression: {@code minute hour day-of-month month day-of-week}, UTC.
 *
 * <p>Fields accept {@code *}, numbers, ranges {@code a-b}, steps {@code * /n} and {@code a-b/n}, lists
 * {@code a,b}, month names {@code JAN-DEC} and day names {@code SUN-SAT} (0 and 7 are Sunday). As in
 * Vixie cron, when both day fields are restricted a day matches if either matches.
 *
 * <p>Design note: {@link #next} jumps field by field (month, day, hour, minute) instead of stepping
 * minute by minute, so a yearly schedule costs a few dozen steps. An expression that can never fire
 * ({@code 0 0 31 2 *}) is rejected at parse time.
 */
public final class CronSchedule implements Schedule {
  /** Longest gap between two firings of a valid expression: Feb 29 skips 2100 (8 years). */
  private static final int SEARCH_YEARS = 9;
  private static final String[] MONTHS =
      {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  private final String expression;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;

  /**
   * @param expression what the user wrote (kept for messages and {@link #expression()})
   * @param cron the 5 fields to parse (a preset's expansion, or {@code expression} itself)
   * @throws MillraceException USER naming the expression and the bad field
   */
  public CronSchedule(String expression, String cron) {
    this.expression = expression;
    String[] f = cron.trim().split("\\s+");
    if (f.length != 5) {
      throw MillraceException.user("Cannot parse schedule '%s': a cron expression has 5 fields "
          + "(minute hour day-of-month month day-of-week), found %d", expression, f.length);
    }
    minutes = field(f[0], "minute", 0, 59, null);
    hours = field(f[1], "hour", 0, 23, null);
    daysOfMonth = field(f[2], "day-of-month", 1, 31, null);
    months = field(f[3], "month", 1, 12, MONTHS);
    BitSet dow = field(f[4], "day-of-week", 0, 7, DAYS);
    if (dow.get(7)) {
      dow.set(0);
      dow.clear(7);
    }
    daysOfWeek = dow;
    anyDayOfMonth = f[2].startsWith("*");
    anyDayOfWeek = f[4].startsWith("*");
    if (next(LocalDateTime.of(2000, 1, 1, 0, 0)) == null) {
      throw MillraceException.user("Cannot parse schedule '%s': it never fires", expression);
    }
  }

  @Override
  public LocalDateTime next(LocalDateTime time) {
    LocalDateTime t = time.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    int lastYear = t.getYear() + SEARCH_YEARS;
    while (t.getYear() <= lastYear) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        return t;
      }
    }
    return null;
  }

  @Override
  public String expression() {
    return expression;
  }

  @Override
  public String toString() {
    return expression;
  }

  private boolean dayMatches(LocalDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
    if (anyDayOfMonth || anyDayOfWeek) {
      return dom && dow;
    }
    return dom || dow;
  }

  private BitSet field(String text, String name, int min, int max, String[] names) {
    BitSet bits = new BitSet(max + 1);
    for (String part : text.split(",", -1)) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = number(part.substring(slash + 1), name, 1, max, null);
        range = part.substring(0, slash);
      }
      int lo;
      int hi;
      if (range.equals("*")) {
        lo = min;
        hi = max;
      } else if (range.indexOf('-') > 0) {
        lo = number(range.substring(0, range.indexOf('-')), name, min, max, names);
        hi = number(range.substring(range.indexOf('-') + 1), name, min, max, names);
        if (lo > hi) {
          throw bad(name, "range " + range + " is backwards");
        }
      } else {
        lo = number(range, name, min, max, names);
        hi = slash >= 0 ? max : lo;
      }
      for (int v = lo; v <= hi; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private int number(String s, String name, int min, int max, String[] names) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(s.toUpperCase(Locale.ROOT))) {
          return names == MONTHS ? i + 1 : i;
        }
      }
    }
    int v;
    try {
      v = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw bad(name, "'" + s + "' is not a number");
    }
    if (v < min || v > max) {
      throw bad(name, "value " + v + " is out of range " + min + "-" + max);
    }
    return v;
  }

  private MillraceException bad(String field, String reason) {
    return MillraceException.user("Cannot parse schedule '%s': %s field: %s", expression, field, reason);
  }
}
