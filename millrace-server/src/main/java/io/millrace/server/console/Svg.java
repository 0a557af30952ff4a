package io.millrace.server.console;

import static io.millrace.server.console.Html.esc;

import io.millrace.api.run.NodeAttempt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Inline SVG pictures: the DAG by levels, the Gantt chart of attempts, line charts. */
final class Svg {
  private static final int NODE_W = 168;
  private static final int NODE_H = 26;
  private static final int COL_W = 220;
  private static final int ROW_H = 36;

  private Svg() {}

  static String color(String state) {
    return switch (state) {
      case "SUCCESS" -> "#2f9e44";
      case "FAILED", "UPSTREAM_FAILED" -> "#d64545";
      case "RUNNING", "PENDING" -> "#2f6fde";
      case "UP_FOR_RETRY" -> "#e8890c";
      default -> "#9aa5b1";
    };
  }

  /** The DAG laid out by levels (left to right), nodes coloured by state, the critical path marked. */
  /** Node colours of the lineage graph (a plan, not a run): by kind. */
  static String kindColor(String kind) {
    return switch (kind) {
      case "SOURCE" -> "#0f766e";
      case "MODEL" -> "#2f6fde";
      case "EXPORT" -> "#7048e8";
      case "STREAM" -> "#e8590c";
      default -> "#9aa5b1";
    };
  }

  static String dag(List<NodeView> nodes, List<String> criticalPath, String linkPrefix) {
    return dag(nodes, criticalPath, linkPrefix, false);
  }

  static String dag(List<NodeView> nodes, List<String> criticalPath, String linkPrefix, boolean byKind) {
    java.util.Set<String> critEdges = new java.util.HashSet<>();
    for (int i = 1; i < criticalPath.size(); i++) {
      critEdges.add(criticalPath.get(i - 1) + "\u0000" + criticalPath.get(i));
    }
    Map<String, int[]> at = new HashMap<>();
    List<Integer> rows = new ArrayList<>();
    for (NodeView n : nodes) {
      while (rows.size() <= n.level()) {
        rows.add(0);
      }
      int row = rows.get(n.level());
      rows.set(n.level(), row + 1);
      at.put(n.name(), new int[] {10 + n.level() * COL_W, 10 + row * ROW_H});
    }
    int height = 20 + rows.stream().mapToInt(Integer::intValue).max().orElse(0) * ROW_H;
    int width = 20 + Math.max(0, rows.size() - 1) * COL_W + NODE_W;
    StringBuilder b = new StringBuilder(nodes.size() * 400);
    b.append("<svg class=\"dag\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
        .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">");
    for (NodeView n : nodes) {
      int[] to = at.get(n.name());
      for (String u : n.upstream()) {
        int[] from = at.get(u);
        if (from == null) {
          continue;
        }
        int x1 = from[0] + NODE_W;
        int y1 = from[1] + NODE_H / 2;
        int x2 = to[0];
        int y2 = to[1] + NODE_H / 2;
        int mid = (x1 + x2) / 2;
        boolean crit = critEdges.contains(u + "\u0000" + n.name());
        b.append("<path class=\"edge").append(crit ? " crit" : "").append("\" d=\"M").append(x1).append(',').append(y1)
            .append(" C").append(mid).append(',').append(y1).append(' ').append(mid).append(',').append(y2).append(' ')
            .append(x2).append(',').append(y2).append("\"/>");
      }
    }
    for (NodeView n : nodes) {
      int[] p = at.get(n.name());
      String label = n.name().length() > 24 ? n.name().substring(0, 23) + "…" : n.name();
      b.append("<a href=\"").append(linkPrefix).append("#node-").append(esc(Html.url(n.name()))).append("\">")
          .append("<g class=\"node").append(n.critical() ? " crit" : "").append("\" data-node=\"").append(esc(n.name()))
          .append("\"><title>").append(esc(n.name())).append(" · ").append(esc(n.state().toLowerCase(Locale.ROOT)))
          .append(" · ").append(Html.millis(n.durationMs())).append("</title><rect x=\"").append(p[0]).append("\" y=\"")
          .append(p[1]).append("\" width=\"").append(NODE_W).append("\" height=\"").append(NODE_H).append("\" fill=\"")
          .append(byKind ? kindColor(n.kind()) : color(n.state())).append("\"/><text x=\"").append(p[0] + 8).append("\" y=\"").append(p[1] + 17)
          .append("\">").append(esc(label)).append("</text></g></a>");
    }
    return b.append("</svg>").toString();
  }

  /** One row per node, one bar per attempt (earlier, failed attempts in their own colour). */
  static String gantt(List<NodeView> nodes, List<NodeAttempt> attempts, Instant runStart, Instant runEnd) {
    List<NodeView> ran = nodes.stream().filter(n -> n.startedAt() != null)
        .sorted((a, c) -> a.startedAt().compareTo(c.startedAt())).toList();
    long t0 = runStart.toEpochMilli();
    long end = runEnd != null ? runEnd.toEpochMilli() : t0;
    for (NodeAttempt a : attempts) {
      if (a.endedAt() != null) {
        end = Math.max(end, a.endedAt().toEpochMilli());
      }
    }
    long span = Math.max(1, end - t0);
    int labelW = 190;
    int plotW = 760;
    int rowH = 18;
    int height = 30 + ran.size() * rowH;
    Map<String, Integer> rowOf = new HashMap<>();
    for (int i = 0; i < ran.size(); i++) {
      rowOf.put(ran.get(i).name(), i);
    }
    StringBuilder b = new StringBuilder(ran.size() * 300);
    b.append("<svg class=\"gantt\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(labelW + plotW + 20)
        .append("\" height=\"").append(height).append("\">");
    for (int k = 0; k <= 4; k++) {
      int x = labelW + plotW * k / 4;
      b.append("<line class=\"axis\" x1=\"").append(x).append("\" y1=\"0\" x2=\"").append(x).append("\" y2=\"")
          .append(height - 14).append("\"/><text x=\"").append(x - 10).append("\" y=\"").append(height - 2)
          .append("\">").append(Html.millis(span * k / 4)).append("</text>");
    }
    for (int i = 0; i < ran.size(); i++) {
      NodeView n = ran.get(i);
      String label = n.name().length() > 28 ? n.name().substring(0, 27) + "…" : n.name();
      b.append("<text x=\"4\" y=\"").append(i * rowH + 13).append("\"").append(n.critical() ? " class=\"crit\"" : "")
          .append('>').append(esc(label)).append("</text>");
    }
    for (NodeAttempt a : attempts) {
      Integer row = rowOf.get(a.node());
      if (row == null || a.startedAt() == null) {
        continue;
      }
      long s = a.startedAt().toEpochMilli() - t0;
      long e = (a.endedAt() != null ? a.endedAt().toEpochMilli() : end) - t0;
      double x = labelW + plotW * (double) s / span;
      double w = Math.max(2, plotW * (double) (e - s) / span);
      b.append("<rect x=\"").append(Math.round(x * 10) / 10.0).append("\" y=\"").append(row * rowH + 3)
          .append("\" width=\"").append(Math.round(w * 10) / 10.0).append("\" height=\"").append(rowH - 6)
          .append("\" rx=\"3\" fill=\"").append(color(a.state().name())).append("\">")
          .append("<title>").append(esc(a.node())).append(" attempt ").append(a.attempt()).append(" · ")
          .append(esc(a.state().name().toLowerCase(Locale.ROOT))).append(" · ").append(Html.millis(e - s))
          .append("</title></rect>");
    }
    return b.append("</svg>").toString();
  }

  /** A line chart of values over time (labels under the first and last points). */
  static String line(List<Instant> times, List<Double> values, String unit) {
    return line(times, values, unit, null);
  }

  /** @param top the top of the scale (e.g. 100 for scores), or null to fit the values; the scale starts at 0 */
  static String line(List<Instant> times, List<Double> values, String unit, Double top) {
    if (values.isEmpty()) {
      return "<p class=\"muted\">No history yet.</p>";
    }
    int w = 440;
    int h = 150;
    int left = 60;
    double min = Math.min(0, values.stream().mapToDouble(Double::doubleValue).min().orElse(0));
    double max = top != null ? top : values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    if (max <= min) {
      max = min + 1;
    }
    StringBuilder b = new StringBuilder();
    b.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w + left + 20)
        .append("\" height=\"").append(h + 40).append("\">");
    b.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\"/>", left, left, h + 10));
    b.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, h + 10, left + w, h + 10));
    b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"16\">%s</text><text x=\"4\" y=\"%d\">%s</text>",
        esc(fmt(max) + unit), h + 10, esc(fmt(min) + unit)));
    StringBuilder pts = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      double x = left + (values.size() == 1 ? w / 2.0 : w * (double) i / (values.size() - 1));
      double y = 10 + h - h * (values.get(i) - min) / (max - min);
      pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#2f6fde\"><title>%s: %s</title></circle>",
          x, y, esc(Html.time(times.get(i))), esc(fmt(values.get(i)) + unit)));
    }
    b.append("<polyline class=\"line\" points=\"").append(pts.toString().trim()).append("\"/>");
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", left, h + 30, esc(Html.time(times.get(0)))));
    if (times.size() > 1) {
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left + w, h + 30,
          esc(Html.time(times.get(times.size() - 1)))));
    }
    return b.append("</svg>").toString();
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v)
        : String.format(Locale.ROOT, "%,.2f", v);
  }
}
