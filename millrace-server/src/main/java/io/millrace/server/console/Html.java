package io.millrace.server.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** HTML building blocks: every piece of user data goes through {@link #esc} or {@link #url}. */
final class Html {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  private Html() {}

  /** Escapes text for element content and quoted attribute values. */
  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r = switch (c) {
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '&' -> "&amp;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> null;
      };
      if (r != null && b == null) {
        b = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (b != null) {
        if (r != null) {
          b.append(r);
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }

  /** A path segment or query value, percent-encoded. */
  static String url(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String time(Instant t) {
    return t == null ? "" : TIME.format(t);
  }

  static String millis(long ms) {
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      long tenths = Math.round(ms / 100.0);
      return tenths / 10 + "." + tenths % 10 + " s";
    }
    Duration d = Duration.ofMillis(ms);
    return d.toHours() > 0 ? String.format(Locale.ROOT, "%dh %02dm", d.toHours(), d.toMinutesPart())
        : String.format(Locale.ROOT, "%dm %02ds", d.toMinutes(), d.toSecondsPart());
  }

  /** {@code 1234567} as {@code 1,234,567} (by hand: String.format costs microseconds, and a page has thousands). */
  static String num(long n) {
    String digits = Long.toString(Math.abs(n));
    if (digits.length() <= 3) {
      return n < 0 ? "-" + digits : digits;
    }
    StringBuilder b = new StringBuilder(digits.length() + 8);
    if (n < 0) {
      b.append('-');
    }
    int first = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
    b.append(digits, 0, first);
    for (int i = first; i < digits.length(); i += 3) {
      b.append(',').append(digits, i, i + 3);
    }
    return b.toString();
  }

  /** A data interval, short: {@code 2025-01-01 02:00 → 03:00} (the end's date only when it differs). */
  static String interval(String start, String end) {
    if (start == null) {
      return "";
    }
    String s = shortTime(start);
    String e = end == null ? "" : shortTime(end);
    if (s.length() > 11 && e.length() > 11 && s.startsWith(e.substring(0, 11))) {
      e = e.substring(11);
    }
    return esc(s + " → " + e);
  }

  private static String shortTime(String iso) {
    String t = iso.replace('T', ' ');
    return t.endsWith(":00") && t.length() == 19 ? t.substring(0, 16) : t;
  }

  static String num(Double d, String pattern) {
    return d == null ? "–" : String.format(Locale.ROOT, pattern, d);
  }

  static String badge(String state) {
    return "<span class=\"badge s-" + esc(state.toLowerCase(Locale.ROOT)) + "\">" + esc(state.toLowerCase(Locale.ROOT))
        + "</span>";
  }

  /** A whole page: header with navigation, the body, and the shared script. */
  static String page(String project, String title, String active, String body) {
    StringBuilder b = new StringBuilder(body.length() + 4096);
    b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<link rel=\"icon\" href=\"data:,\"><title>").append(esc(title)).append(" · ").append(esc(project))
        .append(" · Millrace</title><link rel=\"stylesheet\" href=\"/console/console.css\"></head><body>")
        .append("<header><a class=\"brand\" href=\"/runs\">Millrace</a><span class=\"project\">")
        .append(esc(project)).append("</span><nav>");
    for (String[] item : new String[][] {{"runs", "Runs"}, {"tables", "Tables"}, {"lineage", "Lineage"},
        {"streams", "Streams"}, {"alerts", "Alerts"}, {"audit", "Audit"}}) {
      b.append("<a href=\"/").append(item[0]).append('"').append(item[0].equals(active) ? " class=\"on\"" : "")
          .append('>').append(item[1]).append("</a>");
    }
    b.append("</nav></header><main>").append(body)
        .append("</main><script src=\"/console/console.js\"></script></body></html>");
    return b.toString();
  }
}
