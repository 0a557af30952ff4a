package io.millrace.core.store.internal;

import java.util.List;

/**
 * The run store's tables, in SQL that SQLite (3.24+) and PostgreSQL both accept. Instants are
 * stored as epoch milliseconds (BIGINT) so ordering and arithmetic are the same on both; booleans
 * as 0/1.
 */
public final class StoreSchema {
  private StoreSchema() {}

  public static final List<String> DDL = List.of(
      "CREATE TABLE IF NOT EXISTS millrace_runs (run_id VARCHAR(200) PRIMARY KEY, project TEXT NOT NULL, "
          + "trigger_kind TEXT, interval_start TEXT, interval_end TEXT, state TEXT NOT NULL, started_at BIGINT, "
          + "ended_at BIGINT, rows_in BIGINT, rows_out BIGINT, rejected BIGINT, quarantined BIGINT, error TEXT)",
      "CREATE INDEX IF NOT EXISTS millrace_runs_started ON millrace_runs (started_at)",
      "CREATE TABLE IF NOT EXISTS millrace_attempts (run_id VARCHAR(200) NOT NULL, node VARCHAR(500) NOT NULL, "
          + "attempt INTEGER NOT NULL, state TEXT NOT NULL, started_at BIGINT, ended_at BIGINT, rows_in BIGINT, "
          + "rows_out BIGINT, rejected BIGINT, quarantined BIGINT, snapshot_id BIGINT, error TEXT, "
          + "PRIMARY KEY (run_id, node, attempt))",
      "CREATE TABLE IF NOT EXISTS millrace_checks (run_id VARCHAR(200) NOT NULL, table_name VARCHAR(500) NOT NULL, "
          + "suite VARCHAR(500) NOT NULL, success INTEGER NOT NULL, score DOUBLE PRECISION, "
          + "pass_rate DOUBLE PRECISION, result_json TEXT, PRIMARY KEY (run_id, table_name, suite))",
      "CREATE TABLE IF NOT EXISTS millrace_metrics (run_id VARCHAR(200) NOT NULL, table_name VARCHAR(500) NOT NULL, "
          + "column_name VARCHAR(500) NOT NULL, metric VARCHAR(200) NOT NULL, metric_value DOUBLE PRECISION, "
          + "observed_at BIGINT, PRIMARY KEY (run_id, table_name, column_name, metric))",
      "CREATE INDEX IF NOT EXISTS millrace_metrics_series ON millrace_metrics "
          + "(table_name, column_name, metric, observed_at)",
      "CREATE TABLE IF NOT EXISTS millrace_audit (at_millis BIGINT NOT NULL, project TEXT NOT NULL, "
          + "project_id VARCHAR(64), who TEXT, action VARCHAR(50) NOT NULL, target TEXT, result TEXT)",
      "CREATE INDEX IF NOT EXISTS millrace_audit_at ON millrace_audit (project, at_millis)",
      LeaseSql.DDL);

  public static final String INSERT_AUDIT = "INSERT INTO millrace_audit (at_millis, project, project_id, who, "
      + "action, target, result) VALUES (?,?,?,?,?,?,?)";

  public static final String UPSERT_RUN = "INSERT INTO millrace_runs (run_id, project, trigger_kind, "
      + "interval_start, interval_end, state, started_at, ended_at, rows_in, rows_out, rejected, quarantined, "
      + "error, project_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (run_id) DO UPDATE SET "
      + "project = excluded.project, project_id = COALESCE(excluded.project_id, millrace_runs.project_id), "
      + "trigger_kind = excluded.trigger_kind, interval_start = excluded.interval_start, "
      + "interval_end = excluded.interval_end, state = excluded.state, started_at = excluded.started_at, "
      + "ended_at = excluded.ended_at, rows_in = excluded.rows_in, rows_out = excluded.rows_out, "
      + "rejected = excluded.rejected, quarantined = excluded.quarantined, error = excluded.error";

  /**
   * Adds the project identity column to a store created before it existed (SQLite has no ADD
   * COLUMN IF NOT EXISTS, so the caller runs this only when the column is missing).
   */
  public static final String ADD_PROJECT_ID = "ALTER TABLE millrace_runs ADD COLUMN project_id VARCHAR(64)";
  public static final String PROJECT_ID_INDEX =
      "CREATE INDEX IF NOT EXISTS millrace_runs_project_id ON millrace_runs (project_id, started_at)";

  public static final String UPSERT_ATTEMPT = "INSERT INTO millrace_attempts (run_id, node, attempt, state, "
      + "started_at, ended_at, rows_in, rows_out, rejected, quarantined, snapshot_id, error) "
      + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (run_id, node, attempt) DO UPDATE SET "
      + "state = excluded.state, started_at = excluded.started_at, ended_at = excluded.ended_at, "
      + "rows_in = excluded.rows_in, rows_out = excluded.rows_out, rejected = excluded.rejected, "
      + "quarantined = excluded.quarantined, snapshot_id = excluded.snapshot_id, error = excluded.error";

  public static final String UPSERT_CHECK = "INSERT INTO millrace_checks (run_id, table_name, suite, success, "
      + "score, pass_rate, result_json) VALUES (?,?,?,?,?,?,?) ON CONFLICT (run_id, table_name, suite) "
      + "DO UPDATE SET success = excluded.success, score = excluded.score, pass_rate = excluded.pass_rate, "
      + "result_json = excluded.result_json";

  public static final String UPSERT_METRIC = "INSERT INTO millrace_metrics (run_id, table_name, column_name, "
      + "metric, metric_value, observed_at) VALUES (?,?,?,?,?,?) ON CONFLICT (run_id, table_name, column_name, "
      + "metric) DO UPDATE SET metric_value = excluded.metric_value, observed_at = excluded.observed_at";

  public static final String RUN_COLUMNS = "run_id, project, trigger_kind, interval_start, interval_end, state, "
      + "started_at, ended_at, rows_in, rows_out, rejected, quarantined, error";

  public static final String ATTEMPT_COLUMNS = "run_id, node, attempt, state, started_at, ended_at, rows_in, "
      + "rows_out, rejected, quarantined, snapshot_id, error";
}
