package io.millrace.server.console;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.run.AuditRecord;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.NodeState;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.TableInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Console data held in memory, for tests of the pages themselves (the real implementation is tested
 * over a real project in millrace-cli). Every name can be chosen, hostile ones included.
 */
final class FixedConsoleData implements ConsoleData {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  final String project;
  final List<RunRecord> runs = new ArrayList<>();
  final List<NodeAttempt> attempts = new ArrayList<>();
  final List<CheckRecord> checks = new ArrayList<>();
  final List<DagNode> dag = new ArrayList<>();
  final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
  final List<String> actionsTaken = new CopyOnWriteArrayList<>();
  String table = "t";
  String log = "log";

  FixedConsoleData(String project) {
    this.project = project;
  }

  /** A run of a chain a → b → c plus a side node d (reads a), with b retried once. */
  static FixedConsoleData chain(String project, String a, String b, String c, String d, String runId) {
    FixedConsoleData data = new FixedConsoleData(project);
    data.dag.add(new DagNode(a, "SOURCE", List.of()));
    data.dag.add(new DagNode(b, "MODEL", List.of(a)));
    data.dag.add(new DagNode(d, "MODEL", List.of(a)));
    data.dag.add(new DagNode(c, "MODEL", List.of(b, d)));
    data.runs.add(new RunRecord(runId, project, "manual", null, null, RunState.FAILED, T0, T0.plusMillis(1000), 10, 9,
        1, 2, "boom <in> " + c));
    data.attempts.add(att(runId, a, 1, NodeState.SUCCESS, 0, 100));
    data.attempts.add(att(runId, b, 1, NodeState.FAILED, 100, 200));
    data.attempts.add(att(runId, d, 1, NodeState.SUCCESS, 100, 150));
    data.attempts.add(att(runId, b, 2, NodeState.SUCCESS, 250, 450));
    data.attempts.add(att(runId, c, 1, NodeState.FAILED, 450, 1000));
    data.checks.add(new CheckRecord(runId, a, "suite <x>", false, 90, 50, "{}"));
    data.table = a;
    return data;
  }

  static NodeAttempt att(String run, String node, int n, NodeState s, long from, long to) {
    return new NodeAttempt(run, node, n, s, T0.plusMillis(from), T0.plusMillis(to), 10, 9, 1, 0, 7,
        s == NodeState.FAILED ? "failed <b>" + node + "</b>" : null);
  }

  @Override
  public String project() {
    return project;
  }

  @Override
  public List<RunRecord> runs(RunState state, String after, int limit) {
    return runs.stream().filter(r -> state == null || r.state() == state).limit(limit).toList();
  }

  @Override
  public long countRuns(RunState state) {
    return runs(state, null, Integer.MAX_VALUE).size();
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    return runs.stream().filter(r -> r.runId().equals(runId)).findFirst();
  }

  @Override
  public List<NodeAttempt> attempts(String runId) {
    return attempts.stream().filter(a -> a.runId().equals(runId)).toList();
  }

  @Override
  public List<CheckRecord> checks(String runId) {
    return checks.stream().filter(c -> c.runId().equals(runId)).toList();
  }

  @Override
  public List<DagNode> dag() {
    return dag;
  }

  @Override
  public Optional<String> log(String runId, String node, int attempt) {
    return attempt == 1 ? Optional.of(log) : Optional.empty();
  }

  @Override
  public List<TableInfo> tables() {
    return List.of(new TableInfo(table, 5, 3, 1, T0), new TableInfo(table + "__quarantine", 6, 1, 1, T0));
  }

  @Override
  public Optional<TableSchema> schema(String t) {
    return Optional.of(new TableSchema(List.of(new Column(table + "_col", LogicalType.VARCHAR))));
  }

  @Override
  public List<SnapshotInfo> snapshots(String t) {
    return List.of(new SnapshotInfo(5, 0, T0, "append <op>", 3, Map.of()));
  }

  @Override
  public List<SeriesPoint> qualityScores(String t, int n) {
    return List.of(new SeriesPoint(T0, 90, runs.get(0).runId()));
  }

  @Override
  public QueryResult query(String sql, String asOf, int maxRows) {
    if (!sql.toLowerCase().startsWith("select")) {
      throw MillraceException.user("Cannot run statement '%s': queries only", sql);
    }
    return new QueryResult(List.of(table), List.of(List.of(sql + " as of " + asOf)));
  }

  @Override
  public Optional<String> reportHtml(String runId) {
    return Optional.of("<html><body>report of " + runId + "</body></html>");
  }

  @Override
  public List<StreamStatus> streams() {
    StreamLag live = new StreamLag("ok", "127.0.0.1:9092", "millrace-" + project + "-" + table, "Stable", 1234L,
        List.of(new StreamLag.PartitionLag(0, 1000L, 2000L, 1000L), new StreamLag.PartitionLag(1, null, 234L, 234L)),
        null, 12);
    StreamLag down = new StreamLag("unreachable", "127.0.0.1:1", null, null, null, List.of(),
        "no answer from 127.0.0.1:1 within 1500 ms", 1500);
    return List.of(new StreamStatus(table, table, 800.0, 1000.0, 3.0, 0.8, 3.2, 4.0, true, 12000.0, 11.0, 48.5, live),
        new StreamStatus("down", "t", null, null, null, null, null, null, null, null, null, null, down));
  }

  @Override
  public List<io.millrace.server.metrics.LookupStats> featureLookups() {
    return List.of(new io.millrace.server.metrics.LookupStats("user_stats", 900, 100, 250, 0.42, 7.5, 0.5, 5.0));
  }

  @Override
  public List<AlertRule> alertRules() {
    return List.of(new AlertRule("stale", "freshness", table + " older than 2h", "log", "4h"),
        new AlertRule("failed", "run_failed", "any run failed", "webhook http://hooks.example/***", "4h"),
        new AlertRule("quiet", "anomaly", "anomaly expectation failed", "log", "4h"));
  }

  @Override
  public List<io.millrace.api.alert.AlertEvent> alertEvents(int limit) {
    java.time.Instant t = java.time.Instant.parse("2026-11-30T05:00:00Z");
    return List.of(
        new io.millrace.api.alert.AlertEvent(project, "failed", "", io.millrace.api.alert.AlertState.RESOLVED,
            t.plusSeconds(60), "Run r2 of " + project + " succeeded", "r2", "delivered"),
        new io.millrace.api.alert.AlertEvent(project, "stale", table, io.millrace.api.alert.AlertState.FIRING,
            t.plusSeconds(30), table + " was last committed 3h ago (max 2h)", null, "delivered"),
        new io.millrace.api.alert.AlertEvent(project, "failed", "", io.millrace.api.alert.AlertState.FIRING,
            t, "Run r1 of " + project + " failed at node " + table, "r1", "failed after 4 attempts: webhook answered HTTP 500"))
        .subList(0, Math.min(3, limit));
  }

  @Override
  public void audit(AuditRecord record) {
    audit.add(0, record);
  }

  @Override
  public List<AuditRecord> audit(int limit) {
    return audit.stream().limit(limit).toList();
  }

  @Override
  public ConsoleActions actions() {
    return new ConsoleActions() {
      @Override
      public String trigger() {
        actionsTaken.add("trigger");
        return "started a run";
      }

      @Override
      public String backfill(String from, String to) {
        actionsTaken.add("backfill " + from + " " + to);
        return "started a backfill";
      }

      @Override
      public String resume(String runId) {
        throw MillraceException.user("Cannot resume run '%s': it is running", runId);
      }

      @Override
      public String cancel(String runId) {
        actionsTaken.add("cancel " + runId);
        return "cancelling";
      }
    };
  }
}
