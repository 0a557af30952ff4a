package io.millrace.quality.report.internal;

import java.util.Locale;

/** Escaping and number formatting for the report. Every value from the run store passes through {@link #esc}. */
public final class Html {
  private Html() {}

  /** Escapes text for element content and quoted attribute values. */
  public static String esc(Object value) {
    String s = String.valueOf(value);
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r;
      switch (c) {
        case '&': r = "&amp;"; break;
        case '<': r = "&lt;"; break;
        case '>': r = "&gt;"; break;
        case '"': r = "&quot;"; break;
        case '\'': r = "&#39;"; break;
        default: r = null;
      }
      if (r != null && out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (out != null) {
        if (r != null) {
          out.append(r);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? s : out.toString();
  }

  /** Cuts long text (observed values, samples) so one result cannot bloat the page. */
  public static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  public static String num(double x) {
    if (Double.isNaN(x)) {
      return "NaN";
    }
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return Long.toString((long) x);
    }
    return String.format(Locale.ROOT, "%.4g", x);
  }

  /** One decimal, e.g. {@code 12.5%}; hand-rolled because String.format dominated large reports. */
  public static String pct(double percent) {
    if (!Double.isFinite(percent)) {
      return percent + "%";
    }
    long tenths = Math.round(percent * 10);
    long abs = Math.abs(tenths);
    return (tenths < 0 ? "-" : "") + abs / 10 + "." + abs % 10 + "%";
  }
}
