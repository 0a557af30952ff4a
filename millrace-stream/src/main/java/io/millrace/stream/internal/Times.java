package io.millrace.stream.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** ISO-8601 instants as events write them: with an offset or {@code Z}, or without (read as UTC). */
final class Times {
  private Times() {}

  static Instant parseInstant(String s) {
    Instant fast = utc(s);
    if (fast != null) {
      return fast;
    }
    String t = s.trim().replace(' ', 'T');
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    }
  }

  /**
   * The common form {@code uuuu-MM-ddTHH:mm:ss[.f{1,9}]Z} read directly; null for anything else
   * (also an invalid date), which the general parser then reads or refuses.
   */
  static Instant utc(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
        || second > 59) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      int fraction = n - 21;   // digits between '.' and 'Z'
      if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
        return null;
      }
      int f = digits(s, 20, fraction);
      if (f < 0) {
        return null;
      }
      nanos = f;
      for (int i = fraction; i < 9; i++) {
        nanos *= 10;
      }
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The decimal value of {@code len} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /**
   * {@code Instant.ofEpochMilli(millis).toString()}, written without the formatter machinery (three
   * of these per event): years 0000-9999 directly, anything else by the JDK.
   */
  static String iso(long millis) {
    long secs = Math.floorDiv(millis, 1000L);
    int ms = (int) Math.floorMod(millis, 1000L);
    long day = Math.floorDiv(secs, 86_400L);
    int sod = (int) Math.floorMod(secs, 86_400L);
    if (day < MIN_DAY || day > MAX_DAY) {
      return Instant.ofEpochMilli(millis).toString();
    }
    LocalDate d = LocalDate.ofEpochDay(day);
    char[] c = new char[ms == 0 ? 20 : 24];
    date(c, d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    time(c, sod / 3600, sod / 60 % 60, sod % 60);
    if (ms != 0) {
      c[19] = '.';
      c[20] = (char) ('0' + ms / 100);
      two(c, 21, ms % 100);
    }
    c[c.length - 1] = 'Z';
    return new String(c);
  }

  /** {@code t.toString()} for the millisecond-precision timestamps events carry; the JDK otherwise. */
  static String iso(LocalDateTime t) {
    int nano = t.getNano();
    int year = t.getYear();
    if (nano % 1_000_000 != 0 || year < 0 || year > 9999) {
      return t.toString();
    }
    boolean seconds = t.getSecond() != 0 || nano != 0;
    char[] c = new char[nano != 0 ? 23 : seconds ? 19 : 16];
    date(c, year, t.getMonthValue(), t.getDayOfMonth());
    two(c, 11, t.getHour());
    c[13] = ':';
    two(c, 14, t.getMinute());
    if (seconds) {
      c[16] = ':';
      two(c, 17, t.getSecond());
    }
    if (nano != 0) {
      int ms = nano / 1_000_000;
      c[19] = '.';
      c[20] = (char) ('0' + ms / 100);
      two(c, 21, ms % 100);
    }
    return new String(c);
  }

  private static final long MIN_DAY = LocalDate.of(0, 1, 1).toEpochDay();
  private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

  private static void date(char[] c, int year, int month, int day) {
    two(c, 0, year / 100);
    two(c, 2, year % 100);
    c[4] = '-';
    two(c, 5, month);
    c[7] = '-';
    two(c, 8, day);
    c[10] = 'T';
  }

  private static void time(char[] c, int hour, int minute, int second) {
    two(c, 11, hour);
    c[13] = ':';
    two(c, 14, minute);
    c[16] = ':';
    two(c, 17, second);
  }

  private static void two(char[] c, int at, int v) {
    c[at] = (char) ('0' + v / 10);
    c[at + 1] = (char) ('0' + v % 10);
  }
}
