package io.millrace.quality.report;

import static io.millrace.quality.report.internal.Html.esc;

import io.millrace.api.MillraceException;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.MetricPoint;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.RunRecord;
import io.millrace.api.spi.RunStore;
import io.millrace.quality.report.internal.Assets;
import io.millrace.quality.report.internal.CheckSection;
import io.millrace.quality.report.internal.RunSection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a run's data quality report as ONE self-contained HTML file, in the spirit of Great
 * Expectations' Data Docs: inline CSS and SVG, a few lines of plain JavaScript for filtering, no
 * external asset, so it opens offline and can be mailed or archived.
 *
 * <p>Content: run header and totals; per table a collapsed section with the verdict, data quality
 * score and expectation pass rate of each suite, every expectation (failures first) with its
 * observed value, unexpected count and percent and sample values, and an SVG line chart per metric
 * over past runs (the current run highlighted, anomalies by exponential smoothing marked); then the
 * node timings. Every value from the store is HTML-escaped. A check whose result JSON cannot be read
 * shows that error in its section instead of aborting the report.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /**
   * Writes the report of run {@code runId} to {@code outFile} (replaced atomically; parent folders
   * created).
   *
   * @return {@code outFile}
   * @throws MillraceException USER when the run is not in the store, EXTERNAL when the file cannot
   *     be written
   */
  public static Path write(RunStore store, String runId, String projectName, Path outFile) {
    RunRecord run = store.run(runId).orElseThrow(() -> MillraceException.user(
        "Cannot write report of run '%s': no such run in the run store", runId));
    String html = render(store, run, projectName);
    try {
      Path dir = outFile.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".report", ".tmp");
      Files.writeString(tmp, html, StandardCharsets.UTF_8);
      Files.move(tmp, outFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot write report %s: %s", outFile, e.getMessage());
    }
    return outFile;
  }

  static String render(RunStore store, RunRecord run, String projectName) {
    List<CheckRecord> checks = store.checks(run.runId());
    List<NodeAttempt> attempts = store.attempts(run.runId());
    Map<String, List<CheckRecord>> byTable = tables(checks, attempts);
    StringBuilder out = new StringBuilder(64 * 1024);
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(projectName)).append(" · run ").append(esc(run.runId())).append("</title><style>")
        .append(Assets.CSS).append("</style></head><body>\n");
    RunSection.header(out, projectName, run, checks);
    out.append("<main><div class=\"controls\"><label><input type=\"checkbox\" id=\"failures-only\"> failures only")
        .append("</label><input type=\"search\" id=\"table-filter\" placeholder=\"filter tables\">")
        .append("<button id=\"expand-all\" type=\"button\">expand / collapse all</button></div>\n");
    out.append("<h2>Tables</h2>\n");
    for (Map.Entry<String, List<CheckRecord>> e : byTable.entrySet()) {
      List<MetricPoint> metrics = store.metrics(e.getKey());
      if (!e.getValue().isEmpty() || !metrics.isEmpty()) {
        CheckSection.write(out, e.getKey(), e.getValue(), metrics, run.runId());
      }
    }
    RunSection.timings(out, attempts);
    out.append("</main><script>").append(Assets.JS).append("</script></body></html>\n");
    return out.toString();
  }

  /** Checked tables first, failing ones before passing ones, then nodes that are tables without checks. */
  private static Map<String, List<CheckRecord>> tables(List<CheckRecord> checks, List<NodeAttempt> attempts) {
    Map<String, List<CheckRecord>> byTable = new LinkedHashMap<>();
    checks.stream().filter(c -> !c.success()).forEach(c -> byTable.computeIfAbsent(c.table(), t -> new ArrayList<>()));
    for (CheckRecord c : checks) {
      byTable.computeIfAbsent(c.table(), t -> new ArrayList<>()).add(c);
    }
    for (NodeAttempt a : attempts) {
      // export nodes are named export:<table>:<n>; only table nodes have metrics
      if (!a.node().contains(":")) {
        byTable.computeIfAbsent(a.node(), t -> new ArrayList<>());
      }
    }
    return byTable;
  }
}
