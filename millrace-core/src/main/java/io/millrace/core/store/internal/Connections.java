package io.millrace.core.store.internal;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Opens run-store connections: SQLite files (parent folders created, WAL, busy timeout) or PostgreSQL. */
public final class Connections {
  private static final String SQLITE = "jdbc:sqlite:";
  private static final String POSTGRES = "jdbc:postgresql:";

  private Connections() {}

  /**
   * @throws MillraceException USER for an unsupported URL, EXTERNAL when the database cannot be
   *     reached (the URL's password masked)
   */
  public static Connection open(String url) {
    if (url.startsWith(SQLITE)) {
      createParent(url);
    } else if (!url.startsWith(POSTGRES)) {
      throw MillraceException.user("Cannot open run store %s: expected a jdbc:sqlite: or jdbc:postgresql: URL",
          Secrets.mask(url));
    }
    try {
      Connection c = DriverManager.getConnection(url);
      if (url.startsWith(SQLITE)) {
        try (Statement s = c.createStatement()) {
          // WAL lets readers (the server, reports) read while a run writes; the busy timeout makes a
          // second writer wait instead of failing at once with SQLITE_BUSY.
          s.execute("PRAGMA journal_mode=WAL");
          s.execute("PRAGMA busy_timeout=10000");
          s.execute("PRAGMA synchronous=NORMAL");
        }
      }
      return c;
    } catch (SQLException e) {
      String m = String.valueOf(e.getMessage());
      if (url.startsWith(SQLITE) && (m.contains("SQLITE_NOTADB") || m.contains("SQLITE_CORRUPT"))) {
        throw new MillraceException(ErrorKind.USER, String.format("Cannot open run store %s: the file is not a "
            + "SQLite database or is corrupt (%s); move it away to start a new run history", url.substring(SQLITE.length()),
            m), e);
      }
      throw MillraceException.external(e, "Cannot open run store %s: %s", Secrets.mask(url),
          Secrets.mask(e.getMessage()));
    }
  }

  /** Work on a connection that may throw {@link SQLException}. */
  @FunctionalInterface
  public interface SqlWork {
    void run() throws SQLException;
  }

  /**
   * Runs schema changes (CREATE TABLE IF NOT EXISTS, migrations) so that processes opening one store
   * at the same moment do not collide: PostgreSQL's IF NOT EXISTS is not safe against a concurrent
   * creation (a duplicate key on pg_type), so there they run in one transaction holding an advisory
   * lock; on SQLite in one write transaction ({@code BEGIN IMMEDIATE}: a second opener waits for
   * the first, then sees its tables and columns).
   */
  public static void migrate(Connection c, String url, SqlWork ddl) throws SQLException {
    if (!url.startsWith(POSTGRES)) {
      try (Statement s = c.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
        try {
          ddl.run();
          s.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
          s.execute("ROLLBACK");
          throw e;
        }
      }
      return;
    }
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
      }
      ddl.run();
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /** The advisory lock key of run-store schema changes ("millrace" in ASCII). */
  private static final long MIGRATION_LOCK = 0x6d696c6c72616365L;

  private static void createParent(String url) {
    String file = url.substring(SQLITE.length());
    int q = file.indexOf('?');
    file = q >= 0 ? file.substring(0, q) : file;
    if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
      return;
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (FileAlreadyExistsException e) {
      throw new MillraceException(ErrorKind.USER, String.format("Cannot open run store %s: %s is a file, where a "
          + "folder is expected", file, e.getFile()), e);
    } catch (IOException e) {
      throw new MillraceException(ErrorKind.USER, String.format("Cannot open run store %s: cannot create folder "
          + "%s: %s", file, parent, e.getMessage()), e);
    }
  }
}
