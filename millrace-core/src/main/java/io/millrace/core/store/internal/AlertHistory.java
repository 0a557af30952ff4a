package io.millrace.core.store.internal;

import io.millrace.api.alert.AlertEvent;
import io.millrace.api.alert.AlertState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The run store's alert history table ({@code millrace_alerts}): one row per notification, newest found
 * by time. SQL that SQLite and PostgreSQL both accept; times as epoch milliseconds.
 */
public final class AlertHistory {
  private AlertHistory() {}

  public static final List<String> DDL = List.of(
      "CREATE TABLE IF NOT EXISTS millrace_alerts (project TEXT NOT NULL, alert VARCHAR(500) NOT NULL, "
          + "subject VARCHAR(1000) NOT NULL, state VARCHAR(20) NOT NULL, at_ms BIGINT NOT NULL, summary TEXT, "
          + "run_id VARCHAR(200), delivery TEXT)",
      "CREATE INDEX IF NOT EXISTS millrace_alerts_time ON millrace_alerts (project, at_ms)");

  public static final String INSERT = "INSERT INTO millrace_alerts (project, alert, subject, state, at_ms, summary, "
      + "run_id, delivery) VALUES (?,?,?,?,?,?,?,?)";

  public static final String SELECT = "SELECT project, alert, subject, state, at_ms, summary, run_id, delivery "
      + "FROM millrace_alerts WHERE project = ? ORDER BY at_ms DESC LIMIT ?";

  public static final String COUNT_RUNS = "SELECT state, COUNT(*) FROM millrace_runs WHERE %s = ? GROUP BY state";

  public static void bind(PreparedStatement ps, AlertEvent e) throws SQLException {
    ps.setString(1, e.project());
    ps.setString(2, e.alert());
    ps.setString(3, e.subject());
    ps.setString(4, e.state().name());
    ps.setLong(5, e.time().toEpochMilli());
    ps.setString(6, e.summary());
    ps.setString(7, e.runId());
    ps.setString(8, e.delivery());
  }

  public static AlertEvent read(ResultSet rs) throws SQLException {
    return new AlertEvent(rs.getString(1), rs.getString(2), rs.getString(3), AlertState.valueOf(rs.getString(4)),
        Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), rs.getString(7), rs.getString(8));
  }
}
