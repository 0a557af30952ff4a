package io.millrace.core.store.internal;

/**
 * SQL of the interval leases ({@code millrace_leases}): one row per (project, pipeline, interval),
 * in SQL that SQLite (3.35+, for RETURNING) and PostgreSQL both accept. Times are epoch milliseconds
 * of the database's clock (never the schedulers'), so schedulers on machines with skewed clocks agree
 * on when a lease expires. {@code state} is {@code HELD} while a scheduler runs the interval and
 * {@code DONE} once it recorded the outcome; {@code token} grows by one on every take-over (the
 * fencing token).
 */
public final class LeaseSql {
  private LeaseSql() {}

  public static final String DDL = "CREATE TABLE IF NOT EXISTS millrace_leases (project_id VARCHAR(200) NOT NULL, "
      + "pipeline VARCHAR(200) NOT NULL, interval_start VARCHAR(40) NOT NULL, interval_end VARCHAR(40) NOT NULL, "
      + "state VARCHAR(10) NOT NULL, token BIGINT NOT NULL, holder VARCHAR(200) NOT NULL, acquired_at BIGINT NOT NULL, "
      + "expires_at BIGINT NOT NULL, run_id VARCHAR(200), outcome VARCHAR(20), completed_at BIGINT, "
      + "previous_holder VARCHAR(200), previous_run_id VARCHAR(200), taken_over INTEGER NOT NULL DEFAULT 0, "
      + "PRIMARY KEY (project_id, pipeline, interval_start, interval_end))";

  /** The database's clock in epoch milliseconds. */
  public static String now(boolean postgres) {
    return postgres ? "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"
        : "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";
  }

  private static final String KEY = "project_id = ? AND pipeline = ? AND interval_start = ? AND interval_end = ?";

  /**
   * Takes the interval when nobody has it, when its holder's lease expired, or when it ended in
   * failure before {@code ?} (this scheduler's start: a restart retries a failed last interval, as
   * one scheduler always did), or when it is done and {@code rerun} is 1 (a backfill runs it again).
   * One statement, so two schedulers can never both get it. Parameters: key (4), holder, lease
   * millis, retry-failed-before millis, rerun (0 or 1). Returns the new token, the previous
   * holder and its run, and how it was taken: 0 new (or a retry of a failed interval), 1 from a
   * holder whose lease expired, 2 from a holder that released it.
   */
  public static String acquire(boolean pg) {
    String now = now(pg);
    return "INSERT INTO millrace_leases (project_id, pipeline, interval_start, interval_end, state, token, holder, "
        + "acquired_at, expires_at, taken_over) VALUES (?, ?, ?, ?, 'HELD', 1, ?, " + now + ", " + now + " + ?, 0) "
        + "ON CONFLICT (project_id, pipeline, interval_start, interval_end) DO UPDATE SET state = 'HELD', "
        + "token = millrace_leases.token + 1, holder = excluded.holder, acquired_at = excluded.acquired_at, "
        + "expires_at = excluded.expires_at, previous_holder = millrace_leases.holder, "
        + "previous_run_id = millrace_leases.run_id, "
        + "taken_over = CASE WHEN millrace_leases.state <> 'HELD' THEN 0 "
        + "WHEN millrace_leases.expires_at = 0 THEN 2 ELSE 1 END, "
        + "run_id = NULL, outcome = NULL, completed_at = NULL "
        + "WHERE (millrace_leases.state = 'HELD' AND millrace_leases.expires_at < " + now + ") "
        + "OR (millrace_leases.state = 'DONE' AND millrace_leases.outcome <> 'SUCCESS' "
        + "AND millrace_leases.completed_at < ?) "
        + "OR (millrace_leases.state = 'DONE' AND ? = 1) "
        + "RETURNING token, previous_holder, previous_run_id, taken_over";
  }

  /** Who has the interval: state, holder, millis until expiry, outcome, run. Parameters: key. */
  public static String status(boolean pg) {
    return "SELECT state, holder, expires_at - " + now(pg) + ", outcome, run_id FROM millrace_leases WHERE " + KEY;
  }

  /** Extends a lease its holder still has. Parameters: lease millis, key, token. */
  public static String renew(boolean pg) {
    return "UPDATE millrace_leases SET expires_at = " + now(pg) + " + ? WHERE " + KEY + " AND token = ? AND state = 'HELD'";
  }

  /** Records the run working on the interval. Parameters: run id, key, token. */
  public static final String ATTACH = "UPDATE millrace_leases SET run_id = ? WHERE " + KEY
      + " AND token = ? AND state = 'HELD'";

  /** Fenced completion. Parameters: outcome, run id, key, token. */
  public static String complete(boolean pg) {
    return "UPDATE millrace_leases SET state = 'DONE', outcome = ?, run_id = COALESCE(?, run_id), completed_at = "
        + now(pg) + " WHERE " + KEY + " AND token = ? AND state = 'HELD'";
  }

  /** Gives the interval up unfinished: it expires at once. Parameters: key, token. */
  public static final String RELEASE = "UPDATE millrace_leases SET expires_at = 0 WHERE " + KEY
      + " AND token = ? AND state = 'HELD'";

  /** The database clock. */
  public static String clock(boolean pg) {
    return "SELECT " + now(pg);
  }
}
