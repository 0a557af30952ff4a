package io.millrace.core.store;

import io.millrace.api.MillraceException;
import io.millrace.api.alert.AlertEvent;
import io.millrace.api.run.AuditRecord;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.RunState;
import io.millrace.core.store.internal.AlertHistory;
import java.util.EnumMap;
import io.millrace.api.run.MetricPoint;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.RunStore;
import io.millrace.core.math.Stats;
import io.millrace.api.Secrets;
import io.millrace.core.store.internal.Connections;
import io.millrace.core.store.internal.Rows;
import io.millrace.core.store.internal.StoreSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run store on SQLite ({@code jdbc:sqlite:<file>}, the default) or PostgreSQL
 * ({@code jdbc:postgresql:...}). Tables {@code millrace_runs}, {@code millrace_attempts},
 * {@code millrace_checks}, {@code millrace_metrics} and {@code millrace_audit} are created when absent; writes are upserts.
 *
 * <p>Thread-safe: one connection, every call synchronized. Runs write a few rows per node, so a
 * single connection is far from the bottleneck, and SQLite allows one writer anyway. Instants are
 * kept to the millisecond. Database errors are EXTERNAL (retryable), with passwords masked.
 */
public final class JdbcRunStore implements RunStore {
  private final String url;
  private final Connection connection;
  /** Null: not scoped (runs are found by project name, as stores without identities did). */
  private final String projectId;

  private JdbcRunStore(String url, Connection connection, String projectId) {
    this.url = Secrets.mask(url);
    this.connection = connection;
    this.projectId = projectId;
  }

  /**
   * Connects and creates the tables if needed.
   *
   * @throws MillraceException USER for an unsupported URL, EXTERNAL when the database is unreachable
   */
  public static RunStore open(String jdbcUrl) {
    return open(jdbcUrl, null);
  }

  /**
   * Connects to the store scoped to one project identity ({@link ProjectIdentity}): runs, metric
   * history, anomaly baselines and past durations are those recorded under {@code projectId}
   * only, and a run of another project is not found (so it cannot be resumed). In a SQLite store,
   * runs recorded before identities existed are adopted by the first project that opens it.
   *
   * @param projectId null for an unscoped store (runs found by project name)
   */
  public static RunStore open(String jdbcUrl, String projectId) {
    Connection c = Connections.open(jdbcUrl);
    JdbcRunStore store = new JdbcRunStore(jdbcUrl, c, projectId);
    try {
      Connections.migrate(c, jdbcUrl, () -> createTables(c, jdbcUrl, projectId));
    } catch (SQLException e) {
      store.close();
      throw MillraceException.external(e, "Cannot create run store tables in %s: %s", store.url, e.getMessage());
    }
    return store;
  }

  private static void createTables(Connection c, String jdbcUrl, String projectId) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String ddl : StoreSchema.DDL) {
        s.execute(ddl);
      }
      for (String ddl : AlertHistory.DDL) {
        s.execute(ddl);
      }
      if (!hasProjectId(c)) {
        s.execute(StoreSchema.ADD_PROJECT_ID);
      }
      s.execute(StoreSchema.PROJECT_ID_INDEX);
      if (projectId != null && jdbcUrl.startsWith("jdbc:sqlite:")) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE millrace_runs SET project_id = ? WHERE project_id IS NULL")) {
          ps.setString(1, projectId);
          ps.executeUpdate();
        }
      }
    }
  }

  /**
   * Whether the runs table (the one this connection resolves, whatever its schema) has the
   * identity column. Asked by selecting it: catalog metadata would also list other schemas' tables.
   */
  private static boolean hasProjectId(Connection c) throws SQLException {
    // Inside the migration transaction (PostgreSQL) a failed statement aborts the transaction: a
    // savepoint undoes just the probe.
    java.sql.Savepoint probe = c.getAutoCommit() ? null : c.setSavepoint();
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT project_id FROM millrace_runs WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      if (probe != null) {
        c.rollback(probe);
      }
      return false;
    } finally {
      if (probe != null) {
        try {
          c.releaseSavepoint(probe);
        } catch (SQLException released) {
          // already released by the rollback on some drivers
        }
      }
    }
  }

  @Override
  public synchronized void saveRun(RunRecord run) {
    write("save run " + run.runId(), StoreSchema.UPSERT_RUN, ps -> {
      Rows.bind(ps, run);
      ps.setString(14, projectId);
    });
  }

  /** {@code run_id IN (...)} restricting to this project's runs, or TRUE when unscoped. */
  private String ownRuns(String column) {
    return projectId == null ? "1 = 1" : column + " IN (SELECT run_id FROM millrace_runs WHERE project_id = ?)";
  }

  /** Binds the project id at {@code index} when scoped; returns the next free index. */
  private int bindScope(PreparedStatement ps, int index) throws SQLException {
    if (projectId == null) {
      return index;
    }
    ps.setString(index, projectId);
    return index + 1;
  }

  @Override
  public synchronized void saveAttempt(NodeAttempt a) {
    write("save attempt " + a.attempt() + " of node '" + a.node() + "' in run " + a.runId(),
        StoreSchema.UPSERT_ATTEMPT, ps -> Rows.bind(ps, a));
  }

  @Override
  public synchronized void saveCheck(CheckRecord c) {
    write("save check '" + c.suite() + "' of table '" + c.table() + "' in run " + c.runId(),
        StoreSchema.UPSERT_CHECK, ps -> Rows.bind(ps, c));
  }

  @Override
  public synchronized void saveMetrics(List<MetricPoint> points) {
    if (points.isEmpty()) {
      return;
    }
    transaction("save " + points.size() + " metric points", () -> batch(StoreSchema.UPSERT_METRIC, points, Rows::bind));
  }

  /** One transaction with one batched statement per record kind. */
  @Override
  public synchronized void saveAll(List<NodeAttempt> attempts, List<CheckRecord> checks) {
    if (attempts.isEmpty() && checks.isEmpty()) {
      return;
    }
    transaction("save " + attempts.size() + " attempts and " + checks.size() + " checks", () -> {
      batch(StoreSchema.UPSERT_ATTEMPT, attempts, Rows::bind);
      batch(StoreSchema.UPSERT_CHECK, checks, Rows::bind);
    });
  }

  private interface Work {
    void run() throws SQLException;
  }

  private interface RowBinder<T> {
    void bind(PreparedStatement ps, T row) throws SQLException;
  }

  private void transaction(String what, Work work) {
    try {
      connection.setAutoCommit(false);
      try {
        work.run();
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  private <T> void batch(String sql, List<T> rows, RowBinder<T> binder) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (T row : rows) {
        binder.bind(ps, row);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public synchronized List<RunRecord> runs(String project, int limit) {
    return read("list runs of project '" + project + "'", "SELECT " + StoreSchema.RUN_COLUMNS
        + " FROM millrace_runs WHERE " + (projectId == null ? "project" : "project_id")
        + " = ? ORDER BY started_at DESC, run_id DESC LIMIT ?", ps -> {
          ps.setString(1, projectId == null ? project : projectId);
          ps.setInt(2, limit);
        }, Rows::run);
  }

  /** Keyset paging on (started_at, run_id), the order {@link #runs(String, int)} lists in. */
  @Override
  public synchronized List<RunRecord> runs(String project, RunState state, String after, int limit) {
    String key = "(SELECT started_at FROM millrace_runs WHERE run_id = ?)";
    return read("list runs of project '" + project + "'", "SELECT " + StoreSchema.RUN_COLUMNS
        + " FROM millrace_runs WHERE " + (projectId == null ? "project" : "project_id") + " = ?"
        + (state == null ? "" : " AND state = ?")
        + (after == null ? "" : " AND (started_at < " + key + " OR (started_at = " + key + " AND run_id < ?))")
        + " ORDER BY started_at DESC, run_id DESC LIMIT ?", ps -> {
          int i = 1;
          ps.setString(i++, projectId == null ? project : projectId);
          if (state != null) {
            ps.setString(i++, state.name());
          }
          if (after != null) {
            ps.setString(i++, after);
            ps.setString(i++, after);
            ps.setString(i++, after);
          }
          ps.setInt(i, limit);
        }, Rows::run);
  }

  @Override
  public synchronized long countRuns(String project, RunState state) {
    return read("count runs of project '" + project + "'", "SELECT COUNT(*) FROM millrace_runs WHERE "
        + (projectId == null ? "project" : "project_id") + " = ?" + (state == null ? "" : " AND state = ?"), ps -> {
          ps.setString(1, projectId == null ? project : projectId);
          if (state != null) {
            ps.setString(2, state.name());
          }
        }, rs -> rs.getLong(1)).get(0);
  }

  @Override
  public synchronized void saveAudit(AuditRecord record) {
    write("record action '" + record.action() + "'", StoreSchema.INSERT_AUDIT, ps -> Rows.bind(ps, record, projectId));
  }

  @Override
  public synchronized List<AuditRecord> audit(String project, int limit) {
    return read("read the audit of project '" + project + "'", "SELECT at_millis, project, who, action, target, result "
        + "FROM millrace_audit WHERE " + (projectId == null ? "project" : "project_id") + " = ? "
        + "ORDER BY at_millis DESC LIMIT ?", ps -> {
          ps.setString(1, projectId == null ? project : projectId);
          ps.setInt(2, limit);
        }, Rows::audit);
  }

  @Override
  public synchronized Optional<RunRecord> run(String runId) {
    return read("read run " + runId, "SELECT " + StoreSchema.RUN_COLUMNS + " FROM millrace_runs WHERE run_id = ?"
        + (projectId == null ? "" : " AND project_id = ?"), ps -> {
          ps.setString(1, runId);
          bindScope(ps, 2);
        }, Rows::run).stream().findFirst();
  }

  @Override
  public synchronized List<NodeAttempt> attempts(String runId) {
    // NULL start times (never started) last on both SQLite and PostgreSQL.
    return read("read attempts of run " + runId, "SELECT " + StoreSchema.ATTEMPT_COLUMNS
        + " FROM millrace_attempts WHERE run_id = ? ORDER BY CASE WHEN started_at IS NULL THEN 1 ELSE 0 END, "
        + "started_at, node, attempt", ps -> ps.setString(1, runId), Rows::attempt);
  }

  @Override
  public synchronized List<CheckRecord> checks(String runId) {
    return read("read checks of run " + runId, "SELECT run_id, table_name, suite, success, score, pass_rate, "
        + "result_json FROM millrace_checks WHERE run_id = ? ORDER BY table_name, suite",
        ps -> ps.setString(1, runId), Rows::check);
  }

  @Override
  public synchronized List<MetricPoint> metrics(String table) {
    return read("read metrics of table '" + table + "'", "SELECT run_id, table_name, column_name, metric, "
        + "metric_value, observed_at FROM millrace_metrics WHERE table_name = ? AND " + ownRuns("run_id")
        + " ORDER BY observed_at, run_id, column_name, metric", ps -> {
          ps.setString(1, table);
          bindScope(ps, 2);
        }, Rows::metric);
  }

  @Override
  public synchronized List<Double> values(String table, String column, String metric, int limit) {
    List<Double> newestFirst = read("read metric history of " + table + "." + column + " " + metric,
        "SELECT metric_value FROM millrace_metrics WHERE table_name = ? AND column_name = ? AND metric = ? AND "
            + ownRuns("run_id") + " ORDER BY observed_at DESC, run_id DESC LIMIT ?", ps -> {
          ps.setString(1, table);
          ps.setString(2, column == null ? "" : column);
          ps.setString(3, metric);
          ps.setInt(bindScope(ps, 4), limit);
        }, rs -> rs.getDouble(1));
    List<Double> out = new ArrayList<>(newestFirst);
    Collections.reverse(out);
    return out;
  }

  @Override
  public synchronized Map<String, Long> medianDurations(String project, int runs) {
    List<String[]> rows = read("read node durations", "SELECT a.node, a.ended_at - a.started_at FROM "
        + "millrace_attempts a JOIN (SELECT run_id FROM millrace_runs WHERE " + (projectId == null ? "project" : "project_id")
        + " = ? "
        + "ORDER BY started_at DESC, run_id DESC LIMIT ?) r ON a.run_id = r.run_id WHERE a.state = 'SUCCESS' "
        + "AND a.started_at IS NOT NULL AND a.ended_at IS NOT NULL ORDER BY a.node", ps -> {
          ps.setString(1, projectId == null ? project : projectId);
          ps.setInt(2, runs);
        },
        rs -> new String[] {rs.getString(1), Long.toString(rs.getLong(2))});
    Map<String, List<Long>> byNode = new LinkedHashMap<>();
    for (String[] r : rows) {
      byNode.computeIfAbsent(r[0], k -> new ArrayList<>()).add(Long.parseLong(r[1]));
    }
    Map<String, Long> out = new LinkedHashMap<>();
    byNode.forEach((node, durations) -> out.put(node, Stats.median(durations)));
    return out;
  }

  @Override
  public synchronized Map<RunState, Long> runCounts(String project) {
    Map<RunState, Long> out = new EnumMap<>(RunState.class);
    read("count runs of project '" + project + "'", String.format(AlertHistory.COUNT_RUNS,
        projectId == null ? "project" : "project_id"), ps -> ps.setString(1, projectId == null ? project : projectId),
        rs -> out.put(RunState.valueOf(rs.getString(1)), rs.getLong(2)));
    return out;
  }

  @Override
  public synchronized void saveAlertEvent(AlertEvent event) {
    write("save alert '" + event.alert() + "'", AlertHistory.INSERT, ps -> AlertHistory.bind(ps, event));
  }

  @Override
  public synchronized List<AlertEvent> alertEvents(String project, int limit) {
    return read("read alert history of project '" + project + "'", AlertHistory.SELECT, ps -> {
      ps.setString(1, project);
      ps.setInt(2, limit);
    }, AlertHistory::read);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failed("close", e);
    }
  }

  @Override
  public String toString() {
    return "JdbcRunStore[" + url + "]";
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private void write(String what, String sql, Binder binder) {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      binder.bind(ps);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  private <T> List<T> read(String what, String sql, Binder binder, Reader<T> reader) {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      binder.bind(ps);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(reader.read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  private MillraceException failed(String what, SQLException e) {
    return MillraceException.external(e, "Cannot %s in run store %s: %s", what, url, Secrets.mask(e.getMessage()));
  }
}
