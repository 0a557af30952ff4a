package io.millrace.server.console;

import io.millrace.api.Column;
import io.millrace.api.MillraceException;
import io.millrace.api.run.AuditRecord;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.TableInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The data of each console page, built once per request and either rendered as HTML
 * ({@link ConsoleViews}) or sent as JSON (the {@code /api/...} twin): both show the same records.
 */
final class ConsolePages {
  static final int PAGE_SIZE = 50;
  /** Runs whose quality scores a table page charts. */
  static final int HISTORY_RUNS = 100;
  private final ConsoleData data;

  ConsolePages(ConsoleData data) {
    this.data = data;
  }

  String project() {
    return data.project();
  }

  /** A run in the runs list; {@code qualityScore} is the mean score of the run's suites (null: none ran). */
  public record RunRow(String runId, String state, String trigger, String intervalStart, String intervalEnd,
                       Instant startedAt, Instant endedAt, Long durationMs, long rowsIn, long rowsOut, long rejected,
                       long quarantined, Double qualityScore, String error) {
    static RunRow of(RunRecord r, List<CheckRecord> checks) {
      OptionalDouble score = checks.stream().mapToDouble(CheckRecord::score).average();
      return new RunRow(r.runId(), r.state().name(), r.trigger(), r.intervalStart(), r.intervalEnd(), r.startedAt(),
          r.endedAt(), r.endedAt() == null || r.startedAt() == null ? null
              : r.endedAt().toEpochMilli() - r.startedAt().toEpochMilli(), r.rowsIn(), r.rowsOut(), r.rejected(),
          r.quarantined(), score.isPresent() ? score.getAsDouble() : null, r.error());
    }
  }

  /**
   * @param next the cursor of the following page ({@code after=}), null on the last page
   */
  public record RunsPage(String project, String state, long total, List<RunRow> runs, String next) {}

  RunsPage runs(String stateText, String after, int limit) {
    RunState state = parseState(stateText);
    int size = Math.max(1, Math.min(limit <= 0 ? PAGE_SIZE : limit, 1000));
    List<RunRecord> page = data.runs(state, blankToNull(after), size + 1);
    List<RunRow> rows = new ArrayList<>();
    for (RunRecord r : page.subList(0, Math.min(size, page.size()))) {
      rows.add(RunRow.of(r, data.checks(r.runId())));
    }
    String next = page.size() > size ? rows.get(rows.size() - 1).runId() : null;
    return new RunsPage(data.project(), state == null ? null : state.name(), data.countRuns(state), rows, next);
  }

  private static RunState parseState(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return RunState.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw MillraceException.user("Cannot filter runs by state '%s': states are running, success, failed, cancelled",
          text);
    }
  }

  /** One run: its nodes over the DAG, the critical path, every attempt and check. */
  public record RunPage(String project, RunRow run, List<String> criticalPath, long criticalPathMs,
                        List<NodeView> nodes, List<NodeAttempt> attempts) {}

  RunPage run(String runId) {
    RunRecord r = data.run(runId).orElseThrow(() -> noRun(runId));
    List<CheckRecord> checks = data.checks(runId);
    List<NodeAttempt> attempts = data.attempts(runId);
    RunGraph.Result g = RunGraph.of(data.dag(), attempts, checks);
    return new RunPage(data.project(), RunRow.of(r, checks), g.criticalPath(), g.criticalMs(), g.nodes(), attempts);
  }

  private static MillraceException noRun(String runId) {
    return MillraceException.user("Cannot show run '%s': no such run in this project (see /runs)", runId);
  }

  public record LogPage(String project, String runId, String node, int attempt, boolean kept, String text) {}

  LogPage log(String runId, String node, int attempt) {
    data.run(runId).orElseThrow(() -> noRun(runId));
    var text = data.log(runId, node, attempt);
    return new LogPage(data.project(), runId, node, attempt, text.isPresent(), text.orElse(null));
  }

  public record TablesPage(String project, List<TableInfo> tables) {}

  TablesPage tables() {
    return new TablesPage(data.project(), data.tables());
  }

  /**
   * @param rowCounts the table's row count after each commit (from its snapshots)
   * @param qualityScores the mean suite score of the table in each run that checked it
   * @param related the table's quarantine and rejects tables, when they exist
   */
  public record TablePage(String project, TableInfo table, List<Column> columns, List<SnapshotInfo> snapshots,
                          List<SeriesPoint> rowCounts, List<SeriesPoint> qualityScores, List<String> related) {}

  TablePage table(String name) {
    TableInfo info = data.tables().stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> MillraceException.user("Cannot show table '%s': no such table in the warehouse", name));
    List<SnapshotInfo> snapshots = data.snapshots(name);
    List<SeriesPoint> rows = new ArrayList<>();
    for (SnapshotInfo snap : snapshots) {   // the table's own count after each commit
      rows.add(new SeriesPoint(snap.committedAt(), snap.totalRows(), null));
    }
    List<SeriesPoint> scores = data.qualityScores(name, HISTORY_RUNS);
    List<String> related = new ArrayList<>();
    for (TableInfo t : data.tables()) {
      if (t.name().equals(name + "__quarantine") || t.name().equals(name + "__rejects")) {
        related.add(t.name());
      }
    }
    List<Column> columns = data.schema(name).map(s -> s.columns()).orElse(List.of());
    return new TablePage(data.project(), info, columns, snapshots, rows, scores, related);
  }

  /** A read-only query and its first rows. */
  public record QueryPage(String project, String table, String sql, String asOf, List<String> columns,
                          List<List<Object>> rows, boolean truncated) {}

  static final int QUERY_ROWS = 500;

  QueryPage query(String table, String sql, String asOf) {
    if (sql == null || sql.isBlank()) {
      String first = "SELECT * FROM " + table + " LIMIT 100";
      if (table != null && (table.endsWith("__quarantine") || table.endsWith("__rejects"))) {
        sql = first;   // bad rows: show them with their reasons at once
      } else {
        return new QueryPage(data.project(), table, first, blankToNull(asOf), List.of(), List.of(), false);
      }
    }
    QueryResult r = data.query(sql, blankToNull(asOf), QUERY_ROWS + 1);
    boolean truncated = r.rows().size() > QUERY_ROWS;
    return new QueryPage(data.project(), table, sql, blankToNull(asOf), r.columns(),
        truncated ? r.rows().subList(0, QUERY_ROWS) : r.rows(), truncated);
  }

  /** The table graph from the plan; column edges when column lineage is wired. */
  /**
   * The table graph from the plan; column edges when column lineage is wired; for a chosen column
   * ({@code table.column}), its upstream columns back to the sources, depth first.
   */
  public record LineagePage(String project, List<NodeView> nodes, boolean columnLineage, List<ColumnEdge> columns,
      String column, List<UpstreamColumn> upstream) {}

  /** One column on the way back to the sources: how deep, which column, and how it feeds the one above. */
  public record UpstreamColumn(int depth, String table, String column, String how) {}

  LineagePage lineage(String column) {
    RunGraph.Result g = RunGraph.of(data.dag(), List.of(), List.of());
    var cols = data.columnLineage();
    List<ColumnEdge> edges = cols.orElse(List.of());
    String chosen = blankToNull(column);
    List<UpstreamColumn> up = new java.util.ArrayList<>();
    if (chosen != null) {
      int dot = chosen.lastIndexOf('.');
      if (dot <= 0 || dot == chosen.length() - 1) {
        throw MillraceException.user("Cannot show the lineage of '%s': expected table.column", chosen);
      }
      String table = chosen.substring(0, dot);
      String name = chosen.substring(dot + 1);
      boolean known = edges.stream().anyMatch(e -> e.toTable().equals(table) && e.toColumn().equals(name)
          || e.fromTable().equals(table) && e.fromColumn().equals(name));
      if (!known) {
        throw MillraceException.user("Cannot show the lineage of '%s': no such column in the plan's column lineage", chosen);
      }
      walkUp(edges, table, name, 1, new java.util.HashSet<>(), up);
    }
    return new LineagePage(data.project(), g.nodes(), cols.isPresent(), edges, chosen, up);
  }

  private static void walkUp(List<ColumnEdge> edges, String table, String column, int depth,
      java.util.Set<String> seen, List<UpstreamColumn> out) {
    for (ColumnEdge e : edges) {
      if (e.toTable().equals(table) && e.toColumn().equals(column)) {
        out.add(new UpstreamColumn(depth, e.fromTable(), e.fromColumn(), e.how()));
        if (seen.add(e.fromTable() + "." + e.fromColumn())) {   // a column reached twice is expanded once
          walkUp(edges, e.fromTable(), e.fromColumn(), depth + 1, seen, out);
        }
      }
    }
  }

  public record StreamsPage(String project, List<StreamStatus> jobs, List<io.millrace.server.metrics.LookupStats> features) {}

  StreamsPage streams() {
    return new StreamsPage(data.project(), data.streams(), data.featureLookups());
  }

  /**
   * The alerts page: each declared alert with its state (from the newest notification of each of its
   * subjects), then recent notifications, newest first.
   *
   * @param state {@code firing} (with {@code firingSubjects} > 0), {@code resolved} or {@code never fired}
   */
  public record AlertRow(String name, String when, String condition, String delivery, String repeat, String state,
                         int firingSubjects, java.time.Instant lastNotified) {}

  public record AlertsPage(String project, List<AlertRow> alerts, List<io.millrace.api.alert.AlertEvent> notifications) {}

  /** Notifications searched for each alert's state. */
  static final int ALERT_HISTORY = 1000;

  AlertsPage alerts(int limit) {
    List<io.millrace.api.alert.AlertEvent> history = data.alertEvents(Math.max(limit, ALERT_HISTORY));
    java.util.Map<String, io.millrace.api.alert.AlertEvent> latest = new java.util.LinkedHashMap<>();
    for (io.millrace.api.alert.AlertEvent e : history) {   // newest first: the first per (alert, subject) is its state
      latest.putIfAbsent(e.alert() + "\u0000" + e.subject(), e);
    }
    List<AlertRow> rows = new java.util.ArrayList<>();
    for (AlertRule r : data.alertRules()) {
      List<io.millrace.api.alert.AlertEvent> mine = latest.values().stream().filter(e -> e.alert().equals(r.name())).toList();
      int firing = (int) mine.stream().filter(e -> e.state() == io.millrace.api.alert.AlertState.FIRING).count();
      String state = mine.isEmpty() ? "never fired" : firing > 0 ? "firing" : "resolved";
      java.time.Instant last = mine.stream().map(io.millrace.api.alert.AlertEvent::time).max(java.util.Comparator.naturalOrder())
          .orElse(null);
      rows.add(new AlertRow(r.name(), r.when(), r.condition(), r.delivery(), r.repeat(), state, firing, last));
    }
    return new AlertsPage(data.project(), rows, history.subList(0, Math.min(limit, history.size())));
  }

  public record AuditPage(String project, List<AuditRecord> actions) {}

  AuditPage audit() {
    return new AuditPage(data.project(), data.audit(200));
  }

  String report(String runId) {
    data.run(runId).orElseThrow(() -> noRun(runId));
    return data.reportHtml(runId).orElseThrow(() -> MillraceException.user(
        "Cannot show the quality report of run '%s': it has no checks", runId));
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
