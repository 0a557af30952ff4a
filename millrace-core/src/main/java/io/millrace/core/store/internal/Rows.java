package io.millrace.core.store.internal;

import io.millrace.api.run.AuditRecord;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.MetricPoint;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.NodeState;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Binds records to statements and reads them back, in the column orders of {@link StoreSchema}. */
public final class Rows {
  private Rows() {}

  public static void bind(PreparedStatement ps, RunRecord r) throws SQLException {
    ps.setString(1, r.runId());
    ps.setString(2, r.project());
    ps.setString(3, r.trigger());
    ps.setString(4, r.intervalStart());
    ps.setString(5, r.intervalEnd());
    ps.setString(6, r.state().name());
    millis(ps, 7, r.startedAt());
    millis(ps, 8, r.endedAt());
    ps.setLong(9, r.rowsIn());
    ps.setLong(10, r.rowsOut());
    ps.setLong(11, r.rejected());
    ps.setLong(12, r.quarantined());
    ps.setString(13, r.error());
  }

  public static void bind(PreparedStatement ps, NodeAttempt a) throws SQLException {
    ps.setString(1, a.runId());
    ps.setString(2, a.node());
    ps.setInt(3, a.attempt());
    ps.setString(4, a.state().name());
    millis(ps, 5, a.startedAt());
    millis(ps, 6, a.endedAt());
    ps.setLong(7, a.rowsIn());
    ps.setLong(8, a.rowsOut());
    ps.setLong(9, a.rejected());
    ps.setLong(10, a.quarantined());
    ps.setLong(11, a.snapshotId());
    ps.setString(12, a.error());
  }

  public static void bind(PreparedStatement ps, CheckRecord c) throws SQLException {
    ps.setString(1, c.runId());
    ps.setString(2, c.table());
    ps.setString(3, c.suite());
    ps.setInt(4, c.success() ? 1 : 0);
    ps.setDouble(5, c.score());
    ps.setDouble(6, c.passRate());
    ps.setString(7, c.resultJson());
  }

  public static void bind(PreparedStatement ps, MetricPoint m) throws SQLException {
    ps.setString(1, m.runId());
    ps.setString(2, m.table());
    ps.setString(3, m.column() == null ? "" : m.column());
    ps.setString(4, m.metric());
    ps.setDouble(5, m.value());
    millis(ps, 6, m.observedAt());
  }

  public static void bind(PreparedStatement ps, AuditRecord a, String projectId) throws SQLException {
    millis(ps, 1, a.at());
    ps.setString(2, a.project());
    ps.setString(3, projectId);
    ps.setString(4, a.who());
    ps.setString(5, a.action());
    ps.setString(6, a.target());
    ps.setString(7, a.result());
  }

  public static AuditRecord audit(ResultSet rs) throws SQLException {
    return new AuditRecord(instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6));
  }

  public static RunRecord run(ResultSet rs) throws SQLException {
    return new RunRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        RunState.valueOf(rs.getString(6)), instant(rs, 7), instant(rs, 8), rs.getLong(9), rs.getLong(10),
        rs.getLong(11), rs.getLong(12), rs.getString(13));
  }

  public static NodeAttempt attempt(ResultSet rs) throws SQLException {
    return new NodeAttempt(rs.getString(1), rs.getString(2), rs.getInt(3), NodeState.valueOf(rs.getString(4)),
        instant(rs, 5), instant(rs, 6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
        rs.getLong(11), rs.getString(12));
  }

  public static CheckRecord check(ResultSet rs) throws SQLException {
    return new CheckRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) != 0,
        rs.getDouble(5), rs.getDouble(6), rs.getString(7));
  }

  public static MetricPoint metric(ResultSet rs) throws SQLException {
    return new MetricPoint(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getDouble(5),
        instant(rs, 6));
  }

  private static void millis(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, t.toEpochMilli());
    }
  }

  private static Instant instant(ResultSet rs, int i) throws SQLException {
    long v = rs.getLong(i);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
