package io.millrace.quality.report.internal;

import static io.millrace.quality.report.internal.Html.esc;

import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import java.time.Duration;
import java.util.List;

/** The page header (run totals) and the node timings of the run. */
public final class RunSection {
  private RunSection() {}

  public static void header(StringBuilder out, String project, RunRecord run, List<CheckRecord> checks) {
    long failedChecks = checks.stream().filter(c -> !c.success()).count();
    String cls = run.state() == RunState.SUCCESS ? "ok" : run.state() == RunState.RUNNING ? "neutral" : "fail";
    out.append("<header><h1>").append(esc(project)).append(" · data quality report</h1>")
        .append("<div>run <code>").append(esc(run.runId())).append("</code> <span class=\"badge ").append(cls)
        .append("\">").append(esc(run.state())).append("</span> <span class=\"muted\">")
        .append(esc(run.trigger())).append(", started ").append(esc(run.startedAt()))
        .append(run.endedAt() == null ? "" : ", ended " + esc(run.endedAt()) + " (" + duration(run) + ")");
    if (run.intervalStart() != null) {
      out.append(", interval ").append(esc(run.intervalStart())).append(" – ").append(esc(run.intervalEnd()));
    }
    out.append("</span></div><div class=\"totals\">")
        .append(total("rows in", run.rowsIn())).append(total("rows out", run.rowsOut()))
        .append(total("rejected", run.rejected())).append(total("quarantined", run.quarantined()))
        .append(total("checks", checks.size())).append(total("failed checks", failedChecks)).append("</div>");
    if (run.error() != null) {
      out.append("<div class=\"error\">").append(esc(run.error())).append("</div>");
    }
    out.append("</header>\n");
  }

  public static void timings(StringBuilder out, List<NodeAttempt> attempts) {
    out.append("<h2>Node timings</h2>");
    if (attempts.isEmpty()) {
      out.append("<p class=\"muted\">no node attempts recorded</p>");
      return;
    }
    long longest = Math.max(1, attempts.stream().mapToLong(NodeAttempt::durationMillis).max().orElse(1));
    out.append("<table><thead><tr><th>node</th><th>attempt</th><th>state</th><th>started</th>")
        .append("<th>duration</th><th></th><th>rows in</th><th>rows out</th><th>rejected</th>")
        .append("<th>quarantined</th><th>error</th></tr></thead><tbody>");
    for (NodeAttempt a : attempts) {
      long ms = a.durationMillis();
      boolean failed = a.state().name().contains("FAILED");
      out.append("<tr class=\"").append(failed ? "failed" : "pass").append("\"><td>").append(esc(a.node()))
          .append("</td><td class=\"n\">").append(a.attempt()).append("</td><td>").append(esc(a.state()))
          .append("</td><td>").append(a.startedAt() == null ? "" : esc(a.startedAt())).append("</td><td class=\"n\">")
          .append(ms).append(" ms</td><td><span class=\"bar").append(failed ? " failed" : "")
          .append("\" style=\"width:").append(ms * 200 / longest).append("px\"></span></td><td class=\"n\">")
          .append(a.rowsIn()).append("</td><td class=\"n\">").append(a.rowsOut()).append("</td><td class=\"n\">")
          .append(a.rejected()).append("</td><td class=\"n\">").append(a.quarantined()).append("</td><td class=\"error\">")
          .append(a.error() == null ? "" : esc(Html.cut(a.error(), 500))).append("</td></tr>\n");
    }
    out.append("</tbody></table>");
  }

  private static String total(String name, long value) {
    return "<div>" + name + " <b>" + value + "</b></div>";
  }

  private static String duration(RunRecord run) {
    Duration d = Duration.between(run.startedAt(), run.endedAt());
    return d.toMillis() < 10_000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
  }
}
