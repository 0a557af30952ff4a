package io.millrace.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.api.alert.AlertSpec;
import io.millrace.api.project.CheckSpec.Severity;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.NodeState;
import io.millrace.api.run.RunRecord;
import io.millrace.api.spi.TableInfo;
import io.millrace.server.MillraceServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The alert conditions, each a pure function of run results or table state: firing (with why) or not. */
final class Conditions {
  private Conditions() {}

  /** Whether a subject is in trouble, and the one line that says so. */
  record Verdict(String subject, boolean firing, String summary) {}

  static Verdict runFailed(RunRecord run, List<NodeAttempt> attempts) {
    if (run.state() == io.millrace.api.run.RunState.SUCCESS) {
      return new Verdict("", false, "Run " + run.runId() + " of " + run.project() + " succeeded");
    }
    String node = attempts.stream().filter(a -> a.state() == NodeState.FAILED).map(NodeAttempt::node)
        .reduce((a, b) -> b).orElse(null);
    String error = run.error() == null ? "" : firstLine(run.error());
    error = error.isEmpty() ? "" : ": " + (node != null && error.startsWith(node + ": ") ? error.substring(node.length() + 2) : error);
    String where = node == null ? "" : " at node " + node;
    String kind = "stream".equals(run.trigger()) ? "Stream run " : "Run ";
    return new Verdict("", true, kind + run.runId() + " of " + run.project() + " "
        + run.state().name().toLowerCase(Locale.ROOT) + where + error);
  }

  /** One verdict per check of the run (matching the alert's table filter). */
  static List<Verdict> checks(AlertSpec a, List<CheckRecord> checks, boolean anomalyOnly) {
    List<Verdict> out = new ArrayList<>();
    for (CheckRecord c : checks) {
      if (a.table() != null && !a.table().equals(c.table())) {
        continue;
      }
      List<String> failed = failedExpectations(c, anomalyOnly ? null : a.severity(), anomalyOnly);
      String subject = c.table() + "/" + c.suite();
      if (failed.isEmpty()) {
        out.add(new Verdict(subject, false, "Checks of table " + c.table() + " (suite " + c.suite() + ") pass"));
      } else {
        String what = anomalyOnly ? "anomal" + (failed.size() == 1 ? "y" : "ies") + " in table "
            : "failed check" + (failed.size() == 1 ? "" : "s") + " on table ";
        out.add(new Verdict(subject, true, capitalize(what) + c.table() + " (suite " + c.suite() + ", score "
            + String.format(Locale.ROOT, "%.1f", c.score()) + "): " + String.join("; ", failed)));
      }
    }
    return out;
  }

  /**
   * The failed expectations of a check result ({@code type(column) severity}), those of at least
   * {@code min} severity (null: any), or only anomaly expectations.
   */
  static List<String> failedExpectations(CheckRecord c, Severity min, boolean anomalyOnly) {
    List<String> out = new ArrayList<>();
    JsonNode root;
    try {
      root = MillraceServer.json().readTree(c.resultJson() == null ? "{}" : c.resultJson());
    } catch (java.io.IOException e) {
      return c.success() ? out : List.of("suite " + c.suite() + " failed (its result cannot be read)");
    }
    for (JsonNode r : root.path("results")) {
      if (r.path("success").asBoolean(true)) {
        continue;
      }
      JsonNode cfg = r.path("expectation_config");
      String type = cfg.path("type").asText(cfg.path("expectation_type").asText("expectation"));
      boolean anomaly = type.endsWith("_to_not_be_anomalous");
      Severity sev = "warn".equalsIgnoreCase(cfg.path("severity").asText("error")) ? Severity.WARN : Severity.ERROR;
      if (anomalyOnly ? !anomaly : (min == Severity.ERROR && sev != Severity.ERROR)) {
        continue;
      }
      String column = cfg.path("kwargs").path("column").asText("");
      out.add(type + (column.isEmpty() ? "" : "(" + column + ")") + " " + sev.name().toLowerCase(Locale.ROOT));
    }
    if (out.isEmpty() && !c.success() && !anomalyOnly && root.path("results").isEmpty()) {
      out.add("suite " + c.suite() + " failed");
    }
    return out;
  }

  static Verdict freshness(AlertSpec a, Optional<TableInfo> table, Instant now) {
    if (table.isEmpty() || table.get().lastCommit() == null) {
      return new Verdict(a.table(), true, "Table " + a.table() + " has never been committed (max_age "
          + human(a.maxAge()) + ")");
    }
    Duration age = Duration.between(table.get().lastCommit(), now);
    boolean stale = age.compareTo(a.maxAge()) > 0;
    return new Verdict(a.table(), stale, "Table " + a.table() + " was last committed " + human(age) + " ago at "
        + table.get().lastCommit() + " (max_age " + human(a.maxAge()) + ")");
  }

  /** @param job the run's stream job (the subject), or "" when unknown */
  static Verdict deadLetters(AlertSpec a, RunRecord streamRun, String job) {
    double fraction = streamRun.rowsIn() == 0 ? 0 : (double) streamRun.rejected() / streamRun.rowsIn();
    return new Verdict(job, fraction > a.threshold(), String.format(Locale.ROOT,
        "Stream %srun %s dead-lettered %d of %d events (%.2f%%, threshold %.2f%%)",
        job.isEmpty() ? "" : "job " + job + ": ", streamRun.runId(),
        streamRun.rejected(), streamRun.rowsIn(), fraction * 100, a.threshold() * 100));
  }

  static Verdict lag(AlertSpec a, String job, double lag) {
    return new Verdict(job, lag > a.threshold(), String.format(Locale.ROOT,
        "Stream job %s is %.0f records behind its input topic (threshold %.0f)", job, lag, a.threshold()));
  }

  /** {@code 2h 5m}, {@code 3m 4s}, {@code 12s}. */
  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s >= 86_400) {
      return s / 86_400 + "d " + (s % 86_400) / 3600 + "h";
    }
    if (s >= 3600) {
      return s / 3600 + "h " + (s % 3600) / 60 + "m";
    }
    return s >= 60 ? s / 60 + "m " + s % 60 + "s" : s + "s";
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
