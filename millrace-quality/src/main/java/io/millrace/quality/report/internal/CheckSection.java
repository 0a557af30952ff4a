package io.millrace.quality.report.internal;

import static io.millrace.quality.report.internal.Html.esc;

import io.millrace.api.MillraceException;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.MetricPoint;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One collapsible section per table: verdict, score and pass rate per suite, the expectations
 * (failures first) and a chart per metric of the table.
 */
public final class CheckSection {
  private CheckSection() {}

  public static void write(StringBuilder out, String table, List<CheckRecord> checks, List<MetricPoint> metrics,
                           String runId) {
    boolean success = checks.stream().allMatch(CheckRecord::success);
    out.append("<details class=\"table ").append(success ? "pass" : "failed").append("\" data-table=\"")
        .append(esc(table)).append("\" id=\"t-").append(esc(table)).append("\"><summary><b>").append(esc(table))
        .append("</b>");
    if (checks.isEmpty()) {
      out.append("<span class=\"badge neutral\">no checks</span>");
    } else {
      out.append(badge(success));
    }
    for (CheckRecord c : checks) {
      out.append(" <span class=\"muted\">").append(esc(c.suite())).append(": score ").append(Html.pct(c.score()))
          .append(", pass rate ").append(Html.pct(c.passRate())).append("</span>");
    }
    out.append("</summary>");
    for (CheckRecord c : checks) {
      suite(out, c);
    }
    charts(out, metrics, runId);
    out.append("</details>\n");
  }

  static String badge(boolean success) {
    return success ? "<span class=\"badge ok\">passed</span>" : "<span class=\"badge fail\">failed</span>";
  }

  private static void suite(StringBuilder out, CheckRecord check) {
    List<ExpectationResult> results;
    try {
      results = ResultReader.read(check.table(), check.suite(), check.resultJson());
    } catch (MillraceException e) {
      // one unreadable result must not hide the rest of the report: show the error in its place
      out.append("<p class=\"error\">").append(esc(e.getMessage())).append("</p>");
      return;
    }
    long failed = results.stream().filter(r -> !r.success()).count();
    out.append("<h3>").append(esc(check.suite())).append(' ').append(badge(check.success()))
        .append(" <span class=\"muted\">data quality score ").append(Html.pct(check.score()))
        .append(" · expectation pass rate ").append(Html.pct(check.passRate())).append(" · ")
        .append(results.size()).append(" expectations, ").append(failed).append(" failed</span></h3>");
    out.append("<table><thead><tr><th>verdict</th><th>expectation</th><th>column</th><th>kwargs</th>")
        .append("<th>observed</th><th>unexpected</th><th>unexpected %</th><th>samples</th></tr></thead><tbody>");
    for (ExpectationResult r : results) {
      row(out, r);
    }
    out.append("</tbody></table>");
  }

  private static void row(StringBuilder out, ExpectationResult r) {
    out.append("<tr class=\"").append(r.success() ? "pass" : "failed").append("\"><td>").append(badge(r.success()))
        .append("</td><td>").append(esc(r.type())).append("</td><td>").append(esc(r.column())).append("</td><td>")
        .append(esc(r.kwargs())).append("</td><td>").append(esc(r.observed()));
    if (r.exception() != null) {
      out.append("<div class=\"error\">").append(esc(r.exception())).append("</div>");
    }
    out.append("</td><td class=\"n\">").append(r.unexpectedCount() < 0 ? "" : r.unexpectedCount())
        .append(r.elementCount() < 0 ? "" : " / " + r.elementCount()).append("</td><td class=\"n\">")
        .append(Double.isNaN(r.unexpectedPercent()) ? "" : Html.pct(r.unexpectedPercent()))
        .append("</td><td class=\"samples\">");
    for (String s : r.samples()) {
      out.append("<code>").append(esc(s)).append("</code>");
    }
    out.append("</td></tr>\n");
  }

  private static void charts(StringBuilder out, List<MetricPoint> metrics, String runId) {
    if (metrics.isEmpty()) {
      return;
    }
    Map<String, List<MetricPoint>> byMetric = new TreeMap<>();
    for (MetricPoint p : metrics) {
      String key = p.column().isEmpty() ? p.metric() : p.column() + "." + p.metric();
      byMetric.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(p);
    }
    out.append("<h3>Metrics over runs</h3><div class=\"charts\">");
    byMetric.forEach((name, points) -> out.append(SvgChart.render(name, points, runId)));
    out.append("</div>");
  }
}
