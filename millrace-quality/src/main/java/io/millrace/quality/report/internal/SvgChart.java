package io.millrace.quality.report.internal;

import io.millrace.api.run.MetricPoint;
import io.millrace.quality.anomaly.AnomalyDetectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small inline SVG line chart of one metric over runs: the current run's point is highlighted and
 * points that exponential smoothing (alpha {@value #ALPHA}, k {@value #K}, from {@value #MIN_HISTORY}
 * earlier points) flags against the points before them are marked as anomalies.
 */
public final class SvgChart {
  static final double ALPHA = 0.3;
  static final double K = 3;
  static final int MIN_HISTORY = 5;
  /** Older points are left out so a long history keeps the page small. */
  static final int MAX_POINTS = 200;
  private static final int W = 280;
  private static final int H = 80;
  private static final int PAD = 6;

  private SvgChart() {}

  /** Points must be of one metric, oldest first. */
  public static String render(String title, List<MetricPoint> points, String currentRunId) {
    List<MetricPoint> shown = points.size() > MAX_POINTS ? points.subList(points.size() - MAX_POINTS, points.size()) : points;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (MetricPoint p : shown) {
      if (Double.isFinite(p.value())) {
        min = Math.min(min, p.value());
        max = Math.max(max, p.value());
      }
    }
    if (min > max) {
      min = 0;
      max = 1;
    }
    double span = max > min ? max - min : 1;
    double step = shown.size() > 1 ? (W - 2.0 * PAD) / (shown.size() - 1) : 0;
    StringBuilder line = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    List<Double> history = new ArrayList<>();
    int anomalies = 0;
    for (int i = 0; i < shown.size(); i++) {
      MetricPoint p = shown.get(i);
      double value = Double.isFinite(p.value()) ? p.value() : min;
      double x = shown.size() > 1 ? PAD + i * step : W / 2.0;
      double y = H - PAD - (value - min) / span * (H - 2.0 * PAD);
      line.append(i == 0 ? "" : " ").append(f(x)).append(',').append(f(y));
      boolean anomalous = history.size() >= MIN_HISTORY
          && AnomalyDetectors.exponentialSmoothing(history, p.value(), ALPHA, K, MIN_HISTORY).anomalous();
      if (Double.isFinite(p.value())) {
        history.add(p.value());
      }
      boolean current = p.runId().equals(currentRunId);
      if (anomalous) {
        anomalies++;
      }
      String cls = (current ? "cur" : "pt") + (anomalous ? " anom" : "");
      dots.append("<circle class=\"").append(cls).append("\" cx=\"").append(f(x)).append("\" cy=\"").append(f(y))
          .append("\" r=\"").append(current || anomalous ? 4 : 2).append("\"><title>")
          .append(Html.esc(p.runId() + ": " + Html.num(p.value()) + (anomalous ? " (anomaly)" : "")))
          .append("</title></circle>");
    }
    StringBuilder svg = new StringBuilder(256 + line.length() + dots.length());
    svg.append("<figure class=\"chart\" data-metric=\"").append(Html.esc(title)).append("\"><figcaption>")
        .append(Html.esc(title)).append(" <span class=\"muted\">").append(Html.num(min)).append(" – ")
        .append(Html.num(max)).append(", ").append(shown.size()).append(" runs")
        .append(anomalies > 0 ? ", " + anomalies + " anomal" + (anomalies == 1 ? "y" : "ies") : "")
        .append("</span></figcaption><svg width=\"").append(W).append("\" height=\"").append(H)
        .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\">")
        .append("<polyline points=\"").append(line).append("\"/>").append(dots).append("</svg></figure>");
    return svg.toString();
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
