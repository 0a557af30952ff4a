package io.millrace.quality.profile.internal;

import io.millrace.quality.profile.ColumnProfile;
import io.millrace.quality.profile.Profile;
import io.millrace.quality.profile.ValueCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders a {@link Profile} as a fixed-width text table; long cells are cut with an ellipsis. */
public final class ProfileTable {
  private static final int MAX_CELL = 28;

  private ProfileTable() {}

  public static String render(Profile profile) {
    boolean gain = profile.target() != null;
    List<String> header = new ArrayList<>(List.of("column", "type", "nulls", "distinct", "entropy"));
    if (gain) {
      header.addAll(List.of("info_gain", "gain_ratio"));
    }
    header.addAll(List.of("min", "max", "mean", "top values", "advice"));
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    for (ColumnProfile c : profile.columns()) {
      List<String> row = new ArrayList<>(List.of(c.name(), c.type(), pct(c.nullFraction()),
          Long.toString(c.distinctCount()), num(c.entropy())));
      if (gain) {
        row.add(c.informationGain() == null ? "-" : num(c.informationGain()));
        row.add(c.informationGainRatio() == null ? "-" : num(c.informationGainRatio()));
      }
      row.addAll(List.of(text(c.min()), text(c.max()), c.mean() == null ? "-" : num(c.mean()),
          top(c.topValues()), c.advice()));
      rows.add(row);
    }
    return "rows: " + profile.rows() + (gain ? "   target: " + profile.target() : "") + "\n" + layout(rows);
  }

  private static String layout(List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], cut(row.get(i)).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        String cell = cut(row.get(i));
        // the last column (advice) is not cut or padded: it is the one a reader wants whole
        out.append(i == row.size() - 1 ? row.get(i) : cell + " ".repeat(widths[i] - cell.length() + 2));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String top(List<ValueCount> values) {
    return values.isEmpty() ? "-" : values.stream().map(v -> text(v.value()) + " (" + v.count() + ")")
        .collect(Collectors.joining(", "));
  }

  private static String cut(String s) {
    return s.length() <= MAX_CELL ? s : s.substring(0, MAX_CELL - 1) + "…";
  }

  private static String text(Object v) {
    if (v == null) {
      return "-";
    }
    return v instanceof Double ? num((Double) v) : v.toString().replace('\n', ' ');
  }

  private static String num(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : String.format(Locale.ROOT, "%.4g", x);
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }
}
