package io.millrace.core.pipeline;

import io.millrace.api.run.RunRecord;
import io.millrace.api.spi.Reject;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link RunSummary} as plain text: header, node table, totals, rejects, metrics. */
public final class RunReportPrinter {
  private static final String ROW = "%-32s %-15s %8s %12s %12s %10s %11s %10s%n";

  private RunReportPrinter() {}

  public static void print(RunSummary summary, PrintStream out) {
    out.print(render(summary));
  }

  public static String render(RunSummary s) {
    StringBuilder b = new StringBuilder();
    RunRecord r = s.run();
    b.append(String.format(Locale.ROOT, "Run %s of %s (%s)%s: %s%n", r.runId(), r.project(), r.trigger(),
        r.intervalStart() == null ? "" : " interval [" + r.intervalStart() + ", " + r.intervalEnd() + ")",
        r.state()));
    b.append(String.format(Locale.ROOT, ROW, "node", "state", "attempts", "rows in", "rows out", "rejected",
        "quarantined", "time"));
    for (NodeResult n : s.nodes()) {
      b.append(String.format(Locale.ROOT, ROW, n.node(), n.state(), n.attempts(), n.rowsIn(), n.rowsOut(),
          n.rejected(), n.quarantined(), millis(n.millis())));
    }
    b.append(String.format(Locale.ROOT, ROW, "total", "", s.nodes().stream().mapToInt(NodeResult::attempts).sum(),
        r.rowsIn(), r.rowsOut(), r.rejected(), r.quarantined(), millis(s.metrics().wallMillis())));
    for (NodeResult n : s.nodes()) {
      if (n.error() != null && !n.ok()) {
        b.append(String.format(Locale.ROOT, "%s %s: %s%n", n.node(), n.state(), n.error()));
      }
    }
    for (Map.Entry<String, List<Reject>> e : s.rejects().entrySet()) {
      b.append(String.format(Locale.ROOT, "Rejected lines of %s (%d; all in %s__rejects):%n", e.getKey(),
          s.node(e.getKey()).rejected(), e.getKey()));
      for (Reject j : e.getValue()) {
        b.append(String.format(Locale.ROOT, "  %s:%d%s %s | %s%n", j.file(), j.line(),
            j.column() == null ? "" : " [" + j.column() + "]", j.reason(), j.original()));
      }
    }
    PipelineMetrics m = s.metrics();
    b.append(String.format(Locale.ROOT, "Throughput: %,.0f records/s (%d records in %s)%n", m.recordsPerSecond(),
        m.records(), millis(m.wallMillis())));
    m.nodeMillis().values().stream().mapToLong(Long::longValue).max().ifPresent(max -> b.append(String.format(
        Locale.ROOT, "Latency per node: median %s, max %s%n", millis(median(m)), millis(max))));
    if (!s.phaseMillis().isEmpty()) {
      b.append("Time by phase (summed over threads): ").append(s.phaseMillis().entrySet().stream()
          .map(e -> e.getKey() + " " + millis(e.getValue())).collect(java.util.stream.Collectors.joining(", ")))
          .append(String.format("%n"));
    }
    if (m.recordsPerHourPerDollar() != null) {
      b.append(String.format(Locale.ROOT, "Cost efficiency: %,.0f records per hour per dollar (at $%.2f/h)%n",
          m.recordsPerHourPerDollar(), m.costPerHour()));
    }
    return b.toString();
  }

  private static long median(PipelineMetrics m) {
    long[] v = m.nodeMillis().values().stream().mapToLong(Long::longValue).sorted().toArray();
    return v.length == 0 ? 0 : v[v.length / 2];
  }

  private static String millis(long ms) {
    return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
