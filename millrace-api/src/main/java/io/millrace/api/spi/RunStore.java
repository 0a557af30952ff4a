package io.millrace.api.spi;

import io.millrace.api.run.AuditRecord;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.MetricPoint;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable run history (SQLite by default, PostgreSQL by URL). Thread-safe.
 * Writes are upserts keyed by run id, (run id, node, attempt), (run id, table, suite).
 */
public interface RunStore extends MetricHistory, AutoCloseable {
  void saveRun(RunRecord run);

  void saveAttempt(NodeAttempt attempt);

  void saveCheck(CheckRecord check);

  void saveMetrics(List<MetricPoint> points);

  /**
   * Saves many attempts and checks at once: stores that can write them in one transaction override
   * this (a run buffers its records and writes them at node and run boundaries). The default saves
   * them one by one.
   */
  default void saveAll(List<NodeAttempt> attempts, List<CheckRecord> checks) {
    attempts.forEach(this::saveAttempt);
    checks.forEach(this::saveCheck);
  }

  /**
   * A project's most recent runs first (a store may be shared by several projects, e.g. one
   * PostgreSQL database).
   */
  List<RunRecord> runs(String project, int limit);

  /**
   * One page of a project's runs, most recent first, optionally of one state: keyset paging, so a page
   * deep in a long history costs what the first one does. The default filters {@link #runs(String, int)}
   * in memory; stores override it with a query.
   *
   * @param state only runs in this state, or null for all
   * @param after the last run id of the previous page (runs older than it follow), or null for the first page
   * @param limit page size
   */
  default List<RunRecord> runs(String project, RunState state, String after, int limit) {
    List<RunRecord> all = runs(project, Integer.MAX_VALUE);
    int from = 0;
    if (after != null) {
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).runId().equals(after)) {
          from = i + 1;
        }
      }
    }
    return all.subList(from, all.size()).stream().filter(r -> state == null || r.state() == state).limit(limit).toList();
  }

  /** How many runs a project has, optionally of one state (null: all). */
  default long countRuns(String project, RunState state) {
    return runs(project, Integer.MAX_VALUE).stream().filter(r -> state == null || r.state() == state).count();
  }

  /** Records an action taken through the server (who, what, when, result). */
  default void saveAudit(AuditRecord record) {
    throw new UnsupportedOperationException("Cannot record action '" + record.action() + "': this run store keeps no audit");
  }

  /** A project's recorded actions, most recent first. */
  default List<AuditRecord> audit(String project, int limit) {
    return List.of();
  }

  Optional<RunRecord> run(String runId);

  /** Attempts of a run, in start order. */
  List<NodeAttempt> attempts(String runId);

  List<CheckRecord> checks(String runId);

  /** Metric points of a table, oldest first (for reports). */
  List<MetricPoint> metrics(String table);

  /**
   * Median duration in milliseconds of successful attempts per node, over the project's last
   * {@code runs} runs.
   */
  Map<String, Long> medianDurations(String project, int runs);

  /**
   * How many of a project's runs are in each state (all runs kept, not only recent ones). The default
   * counts the newest 100,000 runs; stores override it with one query.
   */
  default Map<io.millrace.api.run.RunState, Long> runCounts(String project) {
    Map<io.millrace.api.run.RunState, Long> counts = new java.util.EnumMap<>(io.millrace.api.run.RunState.class);
    for (RunRecord r : runs(project, 100_000)) {
      counts.merge(r.state(), 1L, Long::sum);
    }
    return counts;
  }

  /**
   * Appends one alert notification to the alert history.
   *
   * @throws io.millrace.api.MillraceException INTERNAL when this store keeps no alert history, EXTERNAL
   *     when the store fails
   */
  default void saveAlertEvent(io.millrace.api.alert.AlertEvent event) {
    throw io.millrace.api.MillraceException.internal(null, "Cannot save alert '%s': run store %s keeps no alert history",
        event.alert(), this);
  }

  /** A project's alert history, newest first, at most {@code limit} events. Empty when none is kept. */
  default List<io.millrace.api.alert.AlertEvent> alertEvents(String project, int limit) {
    return List.of();
  }

  @Override
  void close();
}
