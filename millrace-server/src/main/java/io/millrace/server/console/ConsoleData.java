package io.millrace.server.console;

import io.millrace.api.TableSchema;
import io.millrace.api.run.AuditRecord;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.TableInfo;
import java.util.List;
import java.util.Optional;

/**
 * What the web console reads: one project's run store, warehouse, plan and running jobs. Implemented
 * where those live (the CLI wires the project's components); the console never reaches past it.
 * Implementations are thread-safe (pages are served concurrently).
 */
public interface ConsoleData {
  /** The project's name. */
  String project();

  /** One page of runs, most recent first (see {@link io.millrace.api.spi.RunStore#runs(String, RunState, String, int)}). */
  List<RunRecord> runs(RunState state, String after, int limit);

  long countRuns(RunState state);

  Optional<RunRecord> run(String runId);

  List<NodeAttempt> attempts(String runId);

  List<CheckRecord> checks(String runId);

  /** The project's plan: nodes in a topological order, each with its direct upstream. */
  List<DagNode> dag();

  /** A node attempt's log text, if it was kept. */
  Optional<String> log(String runId, String node, int attempt);

  List<TableInfo> tables();

  Optional<TableSchema> schema(String table);

  /** Snapshots, oldest first. */
  List<SnapshotInfo> snapshots(String table);

  /** A table's mean suite score in each of the project's last {@code runs} runs that checked it, oldest first. */
  List<SeriesPoint> qualityScores(String table, int runs);

  /**
   * Runs a read-only query over the warehouse tables.
   *
   * @param asOf null for current snapshots, or a snapshot id / ISO time (time travel)
   * @throws io.millrace.api.MillraceException USER for a statement that is not a query or fails
   */
  QueryResult query(String sql, String asOf, int maxRows);

  /** The self-contained HTML quality report of a run. */
  Optional<String> reportHtml(String runId);

  /** Column lineage edges, or empty when column lineage is not available in this build. */
  default Optional<List<ColumnEdge>> columnLineage() {
    return Optional.empty();
  }

  /** Stream jobs with their observed rates and queueing model; empty when the project has none. */
  List<StreamStatus> streams();

  /** Online feature lookups this server has answered since it started, by view; empty when it serves none. */
  default List<io.millrace.server.metrics.LookupStats> featureLookups() {
    return List.of();
  }

  /** The alerts declared in millrace.yaml, in their order; empty when none. */
  default List<AlertRule> alertRules() {
    return List.of();
  }

  /** Alert notifications from the run store's history, most recent first. */
  default List<io.millrace.api.alert.AlertEvent> alertEvents(int limit) {
    return List.of();
  }

  /** Records an action in the run store's audit. */
  void audit(AuditRecord record);

  /** Recorded actions, most recent first. */
  List<AuditRecord> audit(int limit);

  /** The actions (writes); see {@link ConsoleActions}. */
  ConsoleActions actions();
}
