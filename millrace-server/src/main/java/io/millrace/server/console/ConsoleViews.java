package io.millrace.server.console;

import static io.millrace.server.console.Html.esc;
import static io.millrace.server.console.Html.num;
import static io.millrace.server.console.Html.url;

import io.millrace.api.Column;
import io.millrace.api.run.AuditRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.TableInfo;
import io.millrace.server.console.ConsolePages.AuditPage;
import io.millrace.server.console.ConsolePages.LineagePage;
import io.millrace.server.console.ConsolePages.LogPage;
import io.millrace.server.console.ConsolePages.QueryPage;
import io.millrace.server.console.ConsolePages.RunPage;
import io.millrace.server.console.ConsolePages.RunRow;
import io.millrace.server.console.ConsolePages.RunsPage;
import io.millrace.server.console.ConsolePages.StreamsPage;
import io.millrace.server.console.ConsolePages.TablePage;
import io.millrace.server.console.ConsolePages.TablesPage;
import java.util.List;
import java.util.Locale;

/** The console's pages as HTML, from the records of {@link ConsolePages}. */
final class ConsoleViews {
  private ConsoleViews() {}

  private static String actionsBar(boolean writes, String extra) {
    if (!writes) {
      return "<p class=\"muted\">Actions are off: this server listens on a non-loopback address without "
          + "MILLRACE_TOKEN.</p>";
    }
    return "<div id=\"msg\" class=\"msg\"></div><div class=\"toolbar\">"
        + "<button data-action=\"/api/actions/trigger\">Run now</button>"
        + "<form><input name=\"from\" placeholder=\"from 2025-01-01\" size=\"14\"><input name=\"to\" "
        + "placeholder=\"to 2025-01-02\" size=\"14\"><button class=\"secondary\" data-action=\"/api/actions/backfill\">"
        + "Backfill</button></form>" + extra
        + "<input id=\"token\" type=\"password\" placeholder=\"token (if set)\" size=\"14\"></div>";
  }

  static String runs(RunsPage p, boolean writes) {
    StringBuilder b = new StringBuilder(16384);
    b.append("<h1>Runs</h1><div class=\"sub\">").append(num(p.total())).append(" run(s)")
        .append(p.state() == null ? "" : " in state " + esc(p.state().toLowerCase(Locale.ROOT))).append("</div>");
    b.append(actionsBar(writes, ""));
    b.append("<div class=\"toolbar\"><form method=\"get\" action=\"/runs\"><label>State <select name=\"state\" "
        + "onchange=\"this.form.submit()\"><option value=\"\">all</option>");
    for (RunState s : RunState.values()) {
      b.append("<option value=\"").append(s.name().toLowerCase(Locale.ROOT)).append('"')
          .append(s.name().equals(p.state()) ? " selected" : "").append('>')
          .append(s.name().toLowerCase(Locale.ROOT)).append("</option>");
    }
    b.append("</select></label><noscript><button>Filter</button></noscript></form></div>");
    b.append("<div class=\"card\"><table id=\"runs\"><thead><tr><th>Run</th><th>State</th><th>Trigger</th><th>Interval</th>"
        + "<th>Started (UTC)</th><th class=\"n\">Duration</th><th class=\"n\">Rows in</th><th class=\"n\">Rows out</th>"
        + "<th class=\"n\">Rejected</th><th class=\"n\">Quarantined</th><th class=\"n\">Quality</th></tr></thead><tbody>");
    for (RunRow r : p.runs()) {
      b.append("<tr><td><a href=\"/runs/").append(esc(url(r.runId()))).append("\">").append(esc(r.runId()))
          .append("</a></td><td>").append(Html.badge(r.state())).append("</td><td>").append(esc(r.trigger()))
          .append("</td><td>").append(Html.interval(r.intervalStart(), r.intervalEnd()))
          .append("</td><td>").append(Html.time(r.startedAt())).append("</td><td class=\"n\">")
          .append(r.durationMs() == null ? "…" : Html.millis(r.durationMs())).append("</td><td class=\"n\">")
          .append(num(r.rowsIn())).append("</td><td class=\"n\">").append(num(r.rowsOut())).append("</td><td class=\"n\">")
          .append(num(r.rejected())).append("</td><td class=\"n\">").append(num(r.quarantined()))
          .append("</td><td class=\"n\">").append(Html.num(r.qualityScore(), "%.1f")).append("</td></tr>");
    }
    b.append("</tbody></table>");
    if (p.runs().isEmpty()) {
      b.append("<p class=\"muted\">No runs yet.</p>");
    }
    b.append("</div><div class=\"toolbar\"><a href=\"/runs").append(p.state() == null ? "" : "?state="
        + p.state().toLowerCase(Locale.ROOT)).append("\">First page</a>");
    if (p.next() != null) {
      b.append("<a id=\"next\" href=\"/runs?after=").append(esc(url(p.next())))
          .append(p.state() == null ? "" : "&amp;state=" + p.state().toLowerCase(Locale.ROOT)).append("\">Older runs →</a>");
    }
    return Html.page(p.project(), "Runs", "runs", b.append("</div>").toString());
  }

  static String run(RunPage p, boolean writes) {
    RunRow r = p.run();
    String id = esc(url(r.runId()));
    StringBuilder b = new StringBuilder(p.nodes().size() * 1200 + 8192);
    b.append("<h1>Run ").append(esc(r.runId())).append(' ').append(Html.badge(r.state())).append("</h1><div class=\"sub\">")
        .append(esc(r.trigger())).append(" · started ").append(Html.time(r.startedAt())).append(" UTC")
        .append(r.intervalStart() == null ? "" : " · interval " + Html.interval(r.intervalStart(), r.intervalEnd()))
        .append(" · <a href=\"/runs/").append(id).append("/report\">quality report</a></div>");
    if (r.error() != null) {
      b.append("<div class=\"card\"><b>Error</b><pre>").append(esc(r.error())).append("</pre></div>");
    }
    String extra = switch (r.state()) {
      case "RUNNING" -> "<button class=\"secondary\" data-action=\"/api/runs/" + id + "/cancel\">Cancel this run</button>";
      case "FAILED", "CANCELLED" -> "<button class=\"secondary\" data-action=\"/api/runs/" + id + "/resume\">Resume this run</button>";
      default -> "";
    };
    b.append(actionsBar(writes, extra));
    b.append("<div class=\"card kv\">");
    kv(b, r.durationMs() == null ? "…" : Html.millis(r.durationMs()), "duration");
    kv(b, Html.millis(p.criticalPathMs()), "critical path");
    kv(b, num(p.nodes().size()), "nodes");
    kv(b, num(r.rowsIn()), "rows in");
    kv(b, num(r.rowsOut()), "rows out");
    kv(b, num(r.rejected()), "rejected");
    kv(b, num(r.quarantined()), "quarantined");
    kv(b, Html.num(r.qualityScore(), "%.1f"), "quality score");
    b.append("</div><h2>Graph</h2><div class=\"card\"><div class=\"legend\">");
    for (String s : new String[] {"SUCCESS", "FAILED", "RUNNING", "UP_FOR_RETRY", "NOT_RUN"}) {
      b.append("<span><i style=\"background:").append(Svg.color(s)).append("\"></i>")
          .append(s.toLowerCase(Locale.ROOT).replace('_', ' ')).append("</span>");
    }
    b.append("<span><i style=\"background:#fff;border:2px solid #c2255c\"></i>critical path</span></div>")
        .append(Svg.dag(p.nodes(), p.criticalPath(), "")).append("</div>");
    b.append("<h2>Critical path</h2><div class=\"card\"><p>").append(esc(String.join(" → ", p.criticalPath())))
        .append(" (").append(Html.millis(p.criticalPathMs())).append(")</p><table><thead><tr><th>Node</th>"
            + "<th class=\"n\">Took</th><th class=\"n\">Run would end sooner by, if it took no time</th></tr></thead><tbody>");
    for (NodeView n : p.nodes()) {
      if (n.critical()) {
        b.append("<tr><td>").append(esc(n.name())).append("</td><td class=\"n\">").append(Html.millis(n.durationMs()))
            .append("</td><td class=\"n\">").append(Html.millis(n.savingMs())).append("</td></tr>");
      }
    }
    b.append("</tbody></table><p class=\"muted\">Nodes off the critical path save nothing when shortened.</p></div>");
    b.append("<h2>Timeline</h2><div class=\"card\">");
    if (r.startedAt() != null) {
      b.append(Svg.gantt(p.nodes(), p.attempts(), r.startedAt(), r.endedAt()));
    }
    b.append("</div><h2>Nodes</h2><div class=\"card\"><table id=\"nodes\"><thead><tr><th>Node</th><th>Kind</th><th>State</th>"
        + "<th class=\"n\">Attempts</th><th class=\"n\">Took</th><th class=\"n\">Rows in</th><th class=\"n\">Rows out</th>"
        + "<th class=\"n\">Rejected</th><th class=\"n\">Quarantined</th><th>Checks</th><th>Log</th></tr></thead><tbody>");
    for (NodeView n : p.nodes()) {
      String name = esc(n.name());
      b.append("<tr id=\"node-").append(esc(url(n.name()))).append("\"><td").append(n.critical() ? " class=\"crit\"" : "")
          .append('>').append(name).append("</td><td>").append(esc(n.kind().toLowerCase(Locale.ROOT))).append("</td><td>")
          .append(Html.badge(n.state())).append("</td><td class=\"n\">").append(n.attempts()).append("</td><td class=\"n\">")
          .append(Html.millis(n.durationMs())).append("</td><td class=\"n\">").append(num(n.rowsIn()))
          .append("</td><td class=\"n\">").append(num(n.rowsOut())).append("</td><td class=\"n\">").append(num(n.rejected()))
          .append("</td><td class=\"n\">").append(num(n.quarantined())).append("</td><td>");
      for (NodeView.CheckSummary c : n.checks()) {
        b.append(c.success() ? "✓ " : "✗ ").append(esc(c.suite())).append(String.format(Locale.ROOT, " (%.1f) ", c.score()));
      }
      b.append("</td><td>");
      for (int a = 1; a <= n.attempts(); a++) {
        b.append("<a href=\"/runs/").append(id).append("/nodes/").append(esc(url(n.name()))).append("/log?attempt=")
            .append(a).append("\">#").append(a).append("</a> ");
      }
      b.append("</td></tr>");
      if (n.error() != null) {
        b.append("<tr><td colspan=\"11\"><pre>").append(esc(n.error())).append("</pre></td></tr>");
      }
    }
    b.append("</tbody></table></div>");
    return Html.page(p.project(), "Run " + r.runId(), "runs", b.toString());
  }

  private static void kv(StringBuilder b, String value, String label) {
    b.append("<div><b>").append(value).append("</b><span>").append(label).append("</span></div>");
  }

  static String log(LogPage p) {
    String body = "<h1>Log of " + esc(p.node()) + ", attempt " + p.attempt() + "</h1><div class=\"sub\">run <a href=\"/runs/"
        + esc(url(p.runId())) + "\">" + esc(p.runId()) + "</a></div><div class=\"card\">"
        + (p.kept() ? "<pre>" + esc(p.text()) + "</pre>" : "<p class=\"muted\">No log was kept for this attempt.</p>")
        + "</div>";
    return Html.page(p.project(), "Log", "runs", body);
  }

  static String report(String project, String runId) {
    String id = esc(url(runId));
    return Html.page(project, "Quality report", "runs", "<h1>Quality report</h1><div class=\"sub\">run <a href=\"/runs/"
        + id + "\">" + esc(runId) + "</a> · <a href=\"/runs/" + id + "/report.html\">open alone</a></div>"
        + "<iframe class=\"report\" title=\"quality report\" sandbox src=\"/runs/" + id + "/report.html\"></iframe>");
  }

  static String tables(TablesPage p) {
    StringBuilder b = new StringBuilder("<h1>Tables</h1><div class=\"sub\">Iceberg tables in the warehouse</div>"
        + "<div class=\"card\"><table id=\"tables\"><thead><tr><th>Table</th><th class=\"n\">Rows</th><th class=\"n\">Files</th>"
        + "<th>Snapshot</th><th>Last commit (UTC)</th></tr></thead><tbody>");
    for (TableInfo t : p.tables()) {
      b.append("<tr><td><a href=\"/tables/").append(esc(url(t.name()))).append("\">").append(esc(t.name()))
          .append("</a></td><td class=\"n\">").append(num(t.rows())).append("</td><td class=\"n\">").append(t.files())
          .append("</td><td>").append(t.snapshotId()).append("</td><td>").append(Html.time(t.lastCommit()))
          .append("</td></tr>");
    }
    return Html.page(p.project(), "Tables", "tables", b.append("</tbody></table></div>").toString());
  }

  static String table(TablePage p, QueryPage q) {
    TableInfo t = p.table();
    String name = esc(t.name());
    StringBuilder b = new StringBuilder(8192);
    b.append("<h1>").append(name).append("</h1><div class=\"sub\">").append(num(t.rows())).append(" rows · ")
        .append(t.files()).append(" file(s) · snapshot ").append(t.snapshotId()).append("</div>");
    if (!p.related().isEmpty()) {
      b.append("<p>Bad rows: ");
      for (String r : p.related()) {
        b.append("<a href=\"/tables/").append(esc(url(r))).append("\">").append(esc(r)).append("</a> ");
      }
      b.append("</p>");
    }
    b.append("<h2>Schema</h2><div class=\"card\"><table id=\"schema\"><thead><tr><th>Column</th><th>Type</th></tr></thead><tbody>");
    for (Column c : p.columns()) {
      b.append("<tr><td>").append(esc(c.name())).append("</td><td>").append(esc(c.sql())).append("</td></tr>");
    }
    b.append("</tbody></table></div><div class=\"charts\"><div><h2>Row count over time</h2><div class=\"card\">")
        .append(Svg.line(p.rowCounts().stream().map(SeriesPoint::at).toList(),
            p.rowCounts().stream().map(SeriesPoint::value).toList(), ""))
        .append("</div></div><div><h2>Quality score over time</h2><div class=\"card\">")
        .append(Svg.line(p.qualityScores().stream().map(SeriesPoint::at).toList(),
            p.qualityScores().stream().map(SeriesPoint::value).toList(), "", 100.0))
        .append("</div></div></div>");
    b.append("<h2>Query (read-only, time travel)</h2><div class=\"card\"><form method=\"get\" action=\"/tables/")
        .append(esc(url(t.name()))).append("#query\" id=\"query\"><textarea name=\"sql\" rows=\"3\">").append(esc(q.sql()))
        .append("</textarea><div class=\"toolbar\"><label>As of snapshot <select name=\"as_of\"><option value=\"\">current</option>");
    List<SnapshotInfo> snaps = p.snapshots();
    for (int i = snaps.size() - 1; i >= 0; i--) {
      SnapshotInfo s = snaps.get(i);
      String v = Long.toString(s.snapshotId());
      b.append("<option value=\"").append(v).append('"').append(v.equals(q.asOf()) ? " selected" : "").append('>').append(v)
          .append(" · ").append(Html.time(s.committedAt())).append(" · ").append(num(s.totalRows())).append(" rows</option>");
    }
    b.append("</select></label><button>Run query</button></div></form>");
    if (!q.columns().isEmpty()) {
      b.append("<table id=\"result\"><thead><tr>");
      q.columns().forEach(c -> b.append("<th>").append(esc(c)).append("</th>"));
      b.append("</tr></thead><tbody>");
      for (List<Object> row : q.rows()) {
        b.append("<tr>");
        row.forEach(v -> b.append("<td>").append(v == null ? "<span class=\"muted\">NULL</span>" : esc(v)).append("</td>"));
        b.append("</tr>");
      }
      b.append("</tbody></table>").append(q.truncated() ? "<p class=\"muted\">First " + ConsolePages.QUERY_ROWS
          + " rows shown.</p>" : "");
    }
    b.append("</div><h2>Snapshots</h2><div class=\"card\"><table id=\"snapshots\"><thead><tr><th>Snapshot</th>"
        + "<th>Committed (UTC)</th><th>Operation</th><th class=\"n\">Total rows</th></tr></thead><tbody>");
    for (int i = snaps.size() - 1; i >= 0; i--) {
      SnapshotInfo s = snaps.get(i);
      b.append("<tr><td>").append(s.snapshotId()).append("</td><td>").append(Html.time(s.committedAt())).append("</td><td>")
          .append(esc(s.operation())).append("</td><td class=\"n\">").append(num(s.totalRows())).append("</td></tr>");
    }
    return Html.page(p.project(), t.name(), "tables", b.append("</tbody></table></div>").toString());
  }

  static String lineage(LineagePage p) {
    StringBuilder b = new StringBuilder("<h1>Lineage</h1><div class=\"sub\">Tables and what they read, from the plan</div>");
    b.append("<div class=\"card\">").append("<div class=\"legend\">")
        .append("<span><i style=\"background:#0f766e\"></i>source</span><span><i style=\"background:#2f6fde\"></i>model</span>")
        .append("<span><i style=\"background:#7048e8\"></i>export</span><span><i style=\"background:#e8590c\"></i>stream</span>")
        .append("</div>").append(Svg.dag(p.nodes(), List.of(), "", true)).append("</div>");
    if (!p.columnLineage()) {
      b.append("<p class=\"muted\">Column lineage is not wired into the console in this build: the graph shows tables only.</p>");
    } else {
      if (p.column() != null) {
        b.append("<h2>Upstream of ").append(esc(p.column())).append("</h2><div class=\"card\"><ul id=\"upstream\">");
        if (p.upstream().isEmpty()) {
          b.append("<li class=\"muted\">a source column: nothing upstream</li>");
        }
        for (var u : p.upstream()) {
          b.append("<li style=\"margin-left:").append(u.depth() * 1.2).append("em\">")
              .append(esc(u.table() + "." + u.column())).append(" <span class=\"muted\">(").append(esc(u.how()))
              .append(")</span></li>");
        }
        b.append("</ul></div>");
      }
      b.append("<h2>Columns</h2><div class=\"card\"><table id=\"columns\"><thead><tr><th>Column</th><th>From</th><th>How</th>"
          + "</tr></thead><tbody>");
      for (ColumnEdge e : p.columns()) {
        String to = e.toTable() + "." + e.toColumn();
        b.append("<tr><td><a href=\"/lineage?column=").append(esc(url(to))).append("\">").append(esc(to))
            .append("</a></td><td>").append(esc(e.fromTable() + "." + e.fromColumn())).append("</td><td>")
            .append(esc(e.how())).append("</td></tr>");
      }
      b.append("</tbody></table></div>");
    }
    b.append("<h2>Tables</h2><div class=\"card\"><table id=\"edges\"><thead><tr><th>Table</th><th>Kind</th><th>Reads</th></tr></thead><tbody>");
    for (NodeView n : p.nodes()) {
      b.append("<tr id=\"node-").append(esc(url(n.name()))).append("\"><td>").append(esc(n.name())).append("</td><td>")
          .append(esc(n.kind().toLowerCase(Locale.ROOT))).append("</td><td>").append(esc(String.join(", ", n.upstream())))
          .append("</td></tr>");
    }
    return Html.page(p.project(), "Lineage", "lineage", b.append("</tbody></table></div>").toString());
  }

  static String streams(StreamsPage p) {
    StringBuilder b = new StringBuilder("<h1>Streams and capacity</h1><div class=\"sub\">M/M/1 from observed rates: "
        + "ρ = λ/μ, mean queue ρ²/(1−ρ), mean wait ρ/(μ(1−ρ))</div><div class=\"card\">");
    if (p.jobs().isEmpty()) {
      b.append("<p class=\"muted\">This project has no stream jobs.</p></div>");
      return Html.page(p.project(), "Streams", "streams", features(b, p).toString());
    }
    b.append("<div style=\"overflow-x:auto\"><table id=\"streams\"><thead><tr><th>Job</th><th>Input topic</th>"
        + "<th class=\"n\">Consumer lag</th><th class=\"n\">λ events/s</th>"
        + "<th class=\"n\">μ events/s</th><th class=\"n\">ρ</th><th class=\"n\">Mean queue</th><th class=\"n\">Mean wait</th>"
        + "<th>Stable</th><th class=\"n\">Events in</th><th class=\"n\">Dead letters</th><th class=\"n\">Latency p50</th>"
        + "<th class=\"n\">Latency p99</th></tr></thead><tbody>");
    for (StreamStatus s : p.jobs()) {
      b.append("<tr><td>").append(esc(s.job())).append("</td><td>").append(esc(s.inputTopic()))
          .append("</td><td class=\"n lag\">").append(lagCell(s.lag())).append("</td><td class=\"n\">")
          .append(Html.num(s.arrivalRate(), "%,.0f")).append("</td><td class=\"n\">").append(Html.num(s.serviceRate(), "%,.0f"))
          .append("</td><td class=\"n\">").append(Html.num(s.utilization(), "%.3f")).append("</td><td class=\"n\">")
          .append(Html.num(s.meanQueue(), "%.3f")).append("</td><td class=\"n\">").append(Html.num(s.meanWaitMs(), "%.3f ms"))
          .append("</td><td>").append(s.stable() == null ? "–" : s.stable() ? "yes" : "<b>no</b>: the queue grows")
          .append("</td><td class=\"n\">").append(Html.num(s.eventsIn(), "%,.0f"))
          .append("</td><td class=\"n\">").append(Html.num(s.deadLetters(), "%,.0f"))
          .append("</td><td class=\"n\">").append(Html.num(s.latencyP50Ms(), "%,.1f ms"))
          .append("</td><td class=\"n\">").append(Html.num(s.latencyP99Ms(), "%,.1f ms")).append("</td></tr>");
    }
    b.append("</tbody></table></div><p class=\"muted\">Rates, dead letters and latency: each job's latest run, from the run store. "
        + "Consumer lag: live, read from the job's broker when this page was loaded (the consumer group's committed "
        + "offsets against the input topic's end offsets).</p></div>");
    for (StreamStatus s : p.jobs()) {
      StreamLag lag = s.lag();
      if (lag == null || lag.partitions().isEmpty()) {
        continue;
      }
      b.append("<h2>Consumer lag of ").append(esc(s.job())).append("</h2><div class=\"card\"><div class=\"sub\">group ")
          .append(esc(lag.group() == null ? "(none yet)" : lag.group()))
          .append(lag.groupState() == null ? "" : " (" + esc(lag.groupState()) + ")").append(" on ")
          .append(esc(lag.bootstrapServers())).append(", read in ").append(lag.millis()).append(" ms</div>")
          .append("<table class=\"partitions\" data-job=\"").append(esc(s.job()))
          .append("\"><thead><tr><th class=\"n\">Partition</th><th class=\"n\">Committed</th>"
              + "<th class=\"n\">End</th><th class=\"n\">Lag</th></tr></thead><tbody>");
      for (StreamLag.PartitionLag pl : lag.partitions()) {
        b.append("<tr><td class=\"n\">").append(pl.partition()).append("</td><td class=\"n\">")
            .append(pl.committed() == null ? "–" : String.format(Locale.ROOT, "%,d", pl.committed()))
            .append("</td><td class=\"n\">").append(String.format(Locale.ROOT, "%,d", pl.end()))
            .append("</td><td class=\"n\">").append(String.format(Locale.ROOT, "%,d", pl.lag())).append("</td></tr>");
      }
      b.append("</tbody></table></div>");
    }
    return Html.page(p.project(), "Streams", "streams", features(b, p).toString());
  }

  /** Online feature lookups of this server, when it has answered any. */
  private static StringBuilder features(StringBuilder b, StreamsPage p) {
    if (p.features().isEmpty()) {
      return b;
    }
    b.append("<h2>Feature lookups</h2><div class=\"card\"><div class=\"sub\">Answered by this server since it started "
        + "(<code>/get-online-features</code>, <code>/predict</code>); latency per request, percentiles as histogram "
        + "bucket bounds</div><table id=\"lookups\"><thead><tr><th>View or service</th><th class=\"n\">Found</th>"
        + "<th class=\"n\">Missing</th><th class=\"n\">Requests</th><th class=\"n\">Mean</th><th class=\"n\">p50 ≤</th>"
        + "<th class=\"n\">p99 ≤</th><th class=\"n\">Max</th></tr></thead><tbody>");
    for (io.millrace.server.metrics.LookupStats l : p.features()) {
      b.append("<tr><td>").append(esc(l.view())).append("</td><td class=\"n\">").append(String.format(Locale.ROOT, "%,d", l.found()))
          .append("</td><td class=\"n\">").append(String.format(Locale.ROOT, "%,d", l.missing()))
          .append("</td><td class=\"n\">").append(String.format(Locale.ROOT, "%,d", l.requests()))
          .append("</td><td class=\"n\">").append(Html.num(l.meanMs(), "%,.2f ms"))
          .append("</td><td class=\"n\">").append(Html.num(l.p50Ms(), "%,.1f ms"))
          .append("</td><td class=\"n\">").append(Html.num(l.p99Ms(), "%,.1f ms"))
          .append("</td><td class=\"n\">").append(Html.num(l.maxMs(), "%,.2f ms")).append("</td></tr>");
    }
    return b.append("</tbody></table></div>");
  }

  /** The lag column: the total when read, else why not, in words. */
  static String lagCell(StreamLag lag) {
    if (lag == null) {
      return "–";
    }
    return switch (lag.status()) {
      case "ok" -> String.format(Locale.ROOT, "%,d", lag.total())
          + ("Empty".equalsIgnoreCase(lag.groupState()) ? " <span class=\"muted\">(job stopped)</span>" : "");
      case "not_running" -> "<span class=\"muted\" title=\"" + esc(lag.message()) + "\">not running</span>";
      case "unreachable" -> "<span class=\"crit\" title=\"" + esc(lag.message()) + "\">broker unreachable</span>";
      case "no_topic" -> "<span class=\"muted\" title=\"" + esc(lag.message()) + "\">no topic yet</span>";
      default -> "<span class=\"muted\">no offsets committed yet</span>";
    };
  }

  static String alerts(ConsolePages.AlertsPage p) {
    StringBuilder b = new StringBuilder("<h1>Alerts</h1><div class=\"sub\">Declared in millrace.yaml (<code>alerts:</code>); "
        + "state from the run store's alert history, as <code>millrace alerts</code> shows it</div><div class=\"card\">");
    if (p.alerts().isEmpty()) {
      b.append("<p class=\"muted\">This project declares no alerts.</p>");
    } else {
      b.append("<table id=\"alerts\"><thead><tr><th>Alert</th><th>When</th><th>Condition</th><th>Delivery</th>"
          + "<th>Repeat</th><th>State</th><th>Last notified (UTC)</th></tr></thead><tbody>");
      for (ConsolePages.AlertRow a : p.alerts()) {
        String state = a.firingSubjects() > 0
            ? "<span class=\"badge\" style=\"background:var(--bad)\">FIRING</span>"
                + (a.firingSubjects() > 1 ? " " + a.firingSubjects() + " subjects" : "")
            : "<span class=\"muted\">ok (" + esc(a.state()) + ")</span>";
        b.append("<tr data-alert=\"").append(esc(a.name())).append("\"><td>").append(esc(a.name())).append("</td><td>")
            .append(esc(a.when())).append("</td><td>").append(esc(a.condition())).append("</td><td>")
            .append(esc(a.delivery())).append("</td><td>").append(esc(a.repeat())).append("</td><td>").append(state)
            .append("</td><td>").append(a.lastNotified() == null ? "" : Html.time(a.lastNotified())).append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    b.append("</div><h2>Recent notifications</h2><div class=\"card\">");
    if (p.notifications().isEmpty()) {
      b.append("<p class=\"muted\">No notifications yet.</p></div>");
      return Html.page(p.project(), "Alerts", "alerts", b.toString());
    }
    b.append("<table id=\"notifications\"><thead><tr><th>Time (UTC)</th><th>Alert</th><th>Subject</th><th>State</th>"
        + "<th>Delivery</th><th>Summary</th></tr></thead><tbody>");
    for (io.millrace.api.alert.AlertEvent e : p.notifications()) {
      b.append("<tr><td>").append(Html.time(e.time())).append("</td><td>").append(esc(e.alert())).append("</td><td>")
          .append(esc(e.subject())).append("</td><td>").append(esc(e.state().label())).append("</td><td>")
          .append(esc(e.delivery() == null ? "" : e.delivery())).append("</td><td>")
          .append(esc(e.summary() == null ? "" : e.summary())).append("</td></tr>");
    }
    return Html.page(p.project(), "Alerts", "alerts", b.append("</tbody></table></div>").toString());
  }

  static String audit(AuditPage p) {
    StringBuilder b = new StringBuilder("<h1>Audit</h1><div class=\"sub\">Actions taken through this server</div>"
        + "<div class=\"card\"><table id=\"audit\"><thead><tr><th>When (UTC)</th><th>Who</th><th>Action</th><th>Target</th>"
        + "<th>Result</th></tr></thead><tbody>");
    for (AuditRecord a : p.actions()) {
      b.append("<tr><td>").append(Html.time(a.at())).append("</td><td>").append(esc(a.who())).append("</td><td>")
          .append(esc(a.action())).append("</td><td>").append(esc(a.target())).append("</td><td>").append(esc(a.result()))
          .append("</td></tr>");
    }
    return Html.page(p.project(), "Audit", "audit", b.append("</tbody></table></div>").toString());
  }
}
