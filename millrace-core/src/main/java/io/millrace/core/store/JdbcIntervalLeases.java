package io.millrace.core.store;

import io.millrace.api.MillraceException;
import io.millrace.api.Secrets;
import io.millrace.core.schedule.Interval;
import io.millrace.core.schedule.IntervalLeases;
import io.millrace.core.schedule.Lease;
import io.millrace.core.store.internal.Connections;
import io.millrace.core.store.internal.LeaseSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link IntervalLeases} in the run store's database (table {@code millrace_leases}, created when
 * absent, so existing stores gain it on first use), on SQLite or PostgreSQL. A claim is one
 * {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE <expired> RETURNING token}: the database
 * serializes concurrent claims of one interval, and only one of them gets a row back.
 *
 * <p>Its own connection (not the run store's), so a heartbeat never waits behind a run's writes.
 * Thread-safe: every call synchronized.
 */
public final class JdbcIntervalLeases implements IntervalLeases {
  private final String url;
  private final Connection connection;
  private final boolean pg;
  private final String projectKey;
  private final String pipeline;
  private final String holder;
  private final Duration duration;
  /** The store's clock when this scheduler started: failed intervals completed before it are retried. */
  private final long startedAt;

  private JdbcIntervalLeases(String url, Connection connection, String projectKey, String pipeline, String holder,
                             Duration duration) {
    this.url = Secrets.mask(url);
    this.connection = connection;
    this.pg = url.startsWith("jdbc:postgresql:");
    this.projectKey = projectKey;
    this.pipeline = pipeline;
    this.holder = holder;
    this.duration = duration;
    this.startedAt = clock();
  }

  /**
   * Connects to the run store at {@code jdbcUrl} and creates the lease table if needed.
   *
   * @param projectKey the project's identity ({@link ProjectIdentity}): schedulers share leases only
   *     when they share it
   * @param pipeline the pipeline's name within the project
   * @param holder this scheduler's instance id
   * @param duration how long a lease lasts without renewal (at least 100 ms)
   * @throws MillraceException USER for an unsupported URL or duration, EXTERNAL when the database fails
   */
  public static JdbcIntervalLeases open(String jdbcUrl, String projectKey, String pipeline, String holder,
                                        Duration duration) {
    Objects.requireNonNull(projectKey, "projectKey");
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(holder, "holder");
    if (duration.toMillis() < 100) {
      throw MillraceException.user("Cannot use a scheduler lease of %s: it must be at least 100ms", duration);
    }
    Connection c = Connections.open(jdbcUrl);
    try {
      Connections.migrate(c, jdbcUrl, () -> {
        try (Statement s = c.createStatement()) {
          s.execute(LeaseSql.DDL);
        }
      });
    } catch (SQLException e) {
      quietlyClose(c);
      throw MillraceException.external(e, "Cannot create the lease table in run store %s: %s", Secrets.mask(jdbcUrl),
          Secrets.mask(e.getMessage()));
    }
    try {
      return new JdbcIntervalLeases(jdbcUrl, c, projectKey, pipeline, holder, duration);
    } catch (RuntimeException e) {
      quietlyClose(c);
      throw e;
    }
  }

  @Override
  public String holder() {
    return holder;
  }

  @Override
  public Duration duration() {
    return duration;
  }

  @Override
  public synchronized Claim claim(Interval interval) {
    return claim(interval, false);
  }

  @Override
  public synchronized Claim claimRerun(Interval interval) {
    return claim(interval, true);
  }

  private Claim claim(Interval interval, boolean rerun) {
    long requested = System.nanoTime();
    try (PreparedStatement ps = connection.prepareStatement(LeaseSql.acquire(pg))) {
      int i = bindKey(ps, 1, interval);
      ps.setString(i++, holder);
      ps.setLong(i++, duration.toMillis());
      ps.setLong(i++, startedAt);
      ps.setInt(i, rerun ? 1 : 0);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          int how = rs.getInt(4);
          // a released interval's run ended (cancelled): only an expired holder's run is left open
          return new Acquired(new Lease(interval, rs.getLong(1), holder, duration, requested,
              how == 0 ? null : rs.getString(2), how == 1 ? rs.getString(3) : null, how == 1));
        }
      }
    } catch (SQLException e) {
      throw failed("claim interval " + interval, e);
    }
    return status(interval);
  }

  /** Who has the interval, after a claim that did not get it. */
  private Claim status(Interval interval) {
    try (PreparedStatement ps = connection.prepareStatement(LeaseSql.status(pg))) {
      bindKey(ps, 1, interval);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return new Held(null, 0);  // cannot happen: rows are never deleted; claim again
        }
        return "DONE".equals(rs.getString(1)) ? new Completed(rs.getString(2), rs.getString(4), rs.getString(5))
            : new Held(rs.getString(2), rs.getLong(3));
      }
    } catch (SQLException e) {
      throw failed("read the lease of interval " + interval, e);
    }
  }

  @Override
  public synchronized boolean renew(Lease lease) {
    return update("renew the lease of interval " + lease.interval(), LeaseSql.renew(pg), lease, 1,
        ps -> ps.setLong(1, duration.toMillis()));
  }

  @Override
  public synchronized void attachRun(Lease lease, String runId) {
    update("record run " + runId + " on the lease of interval " + lease.interval(), LeaseSql.ATTACH, lease, 1,
        ps -> ps.setString(1, runId));
  }

  @Override
  public synchronized boolean complete(Lease lease, String outcome, String runId) {
    return update("complete interval " + lease.interval(), LeaseSql.complete(pg), lease, 2, ps -> {
      ps.setString(1, outcome);
      ps.setString(2, runId);
    });
  }

  @Override
  public synchronized void release(Lease lease) {
    update("release the lease of interval " + lease.interval(), LeaseSql.RELEASE, lease, 0, ps -> { });
  }

  @Override
  public synchronized void close() {
    quietlyClose(connection);
  }

  @Override
  public String toString() {
    return "JdbcIntervalLeases[" + url + ", " + holder + "]";
  }

  private interface Leading {
    /** Binds the parameters before the key. */
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Runs a fenced UPDATE (leading parameters, key, token); true when it matched the lease's row. */
  private boolean update(String what, String sql, Lease lease, int leadingCount, Leading leading) {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      leading.bind(ps);
      int i = bindKey(ps, leadingCount + 1, lease.interval());
      ps.setLong(i, lease.token());
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  private int bindKey(PreparedStatement ps, int i, Interval interval) throws SQLException {
    ps.setString(i++, projectKey);
    ps.setString(i++, pipeline);
    ps.setString(i++, interval.start().toString());
    ps.setString(i++, interval.end().toString());
    return i;
  }

  private long clock() {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(LeaseSql.clock(pg))) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw failed("read the clock", e);
    }
  }

  private static void quietlyClose(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing after a failure: the failure is what matters
    }
  }

  private MillraceException failed(String what, SQLException e) {
    return MillraceException.external(e, "Cannot %s in run store %s: %s", what, url, Secrets.mask(e.getMessage()));
  }
}
