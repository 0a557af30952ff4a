package io.millrace.core.store;

import io.millrace.api.MillraceException;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.MetricPoint;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.RunRecord;
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
 * {@code millrace_checks} and {@code millrace_metrics} are created when absent; writes are upserts.
 *
 * <p>Thread-safe: one connection, every call synchronized. Runs write a few rows per node, so a
 * single connection is far from the bottleneck, and SQLite allows one writer anyway. Instants are
 * kept to the millisecond. Database errors are EXTERNAL (retryable), with passwords masked.
 */
public final class JdbcRunStore implements RunStore {
  private final String url;
  private final Connection connection;

  private JdbcRunStore(String url, Connection connection) {
    this.url = Secrets.mask(url);
    this.connection = connection;
  }

  /**
   * Connects and creates the tables if needed.
   *
   * @throws MillraceException USER for an unsupported URL, EXTERNAL when the database is unreachable
   */
  public static RunStore open(String jdbcUrl) {
    Connection c = Connections.open(jdbcUrl);
    JdbcRunStore store = new JdbcRunStore(jdbcUrl, c);
    try (Statement s = c.createStatement()) {
      for (String ddl : StoreSchema.DDL) {
        s.execute(ddl);
      }
    } catch (SQLException e) {
      store.close();
      throw MillraceException.external(e, "Cannot create run store tables in %s: %s", store.url, e.getMessage());
    }
    return store;
  }

  @Override
  public synchronized void saveRun(RunRecord run) {
    write("save run " + run.runId(), StoreSchema.UPSERT_RUN, ps -> Rows.bind(ps, run));
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
        + " FROM millrace_runs WHERE project = ? ORDER BY started_at DESC, run_id DESC LIMIT ?", ps -> {
          ps.setString(1, project);
          ps.setInt(2, limit);
        }, Rows::run);
  }

  @Override
  public synchronized Optional<RunRecord> run(String runId) {
    return read("read run " + runId, "SELECT " + StoreSchema.RUN_COLUMNS + " FROM millrace_runs WHERE run_id = ?",
        ps -> ps.setString(1, runId), Rows::run).stream().findFirst();
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
        + "metric_value, observed_at FROM millrace_metrics WHERE table_name = ? "
        + "ORDER BY observed_at, run_id, column_name, metric", ps -> ps.setString(1, table), Rows::metric);
  }

  @Override
  public synchronized List<Double> values(String table, String column, String metric, int limit) {
    List<Double> newestFirst = read("read metric history of " + table + "." + column + " " + metric,
        "SELECT metric_value FROM millrace_metrics WHERE table_name = ? AND column_name = ? AND metric = ? "
            + "ORDER BY observed_at DESC, run_id DESC LIMIT ?", ps -> {
          ps.setString(1, table);
          ps.setString(2, column == null ? "" : column);
          ps.setString(3, metric);
          ps.setInt(4, limit);
        }, rs -> rs.getDouble(1));
    List<Double> out = new ArrayList<>(newestFirst);
    Collections.reverse(out);
    return out;
  }

  @Override
  public synchronized Map<String, Long> medianDurations(String project, int runs) {
    List<String[]> rows = read("read node durations", "SELECT a.node, a.ended_at - a.started_at FROM "
        + "millrace_attempts a JOIN (SELECT run_id FROM millrace_runs WHERE project = ? "
        + "ORDER BY started_at DESC, run_id DESC LIMIT ?) r ON a.run_id = r.run_id WHERE a.state = 'SUCCESS' "
        + "AND a.started_at IS NOT NULL AND a.ended_at IS NOT NULL ORDER BY a.node", ps -> {
          ps.setString(1, project);
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
