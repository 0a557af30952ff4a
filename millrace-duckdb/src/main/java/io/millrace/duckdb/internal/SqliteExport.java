package io.millrace.duckdb.internal;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.millrace.api.Column;
import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.ExportSpec;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Copies a query result into a SQLite table in one transaction, streaming from DuckDB. Measured
 * fastest here: sync off (the rollback journal stays on, so a failed export leaves the file as
 * it was), multi-row {@code INSERT ... VALUES (..),(..)} of about 50 rows
 * per statement, reading and inserting on two threads. Dates and times are stored as ISO text, booleans as 0/1.
 * REPLACE drops and recreates the table; APPEND creates it when missing.
 */
final class SqliteExport {
  private static final int ROWS_PER_INSERT = 50;
  private static final int MAX_PARAMETERS = 32_000;
  static final int PAGE_SIZE = 16_384;

  private final SqlExecutor sql;
  private final Describer describer;

  SqliteExport(SqlExecutor sql, Describer describer) {
    this.sql = sql;
    this.describer = describer;
  }

  long export(ExportSpec export, String query, String tag) {
    TableSchema schema = describer.schema(query);
    Path file = Path.of(export.target()).toAbsolutePath();
    String what = "export table '" + export.table() + "' to SQLite file " + file + " table '"
        + export.targetTable() + "'";
    ParquetWriter.exportTarget(file, what);
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = db.createStatement()) {
        // A rollback journal (not OFF): a failed or cancelled export must roll back to the previous
        // contents; it costs little here, since pages appended to the file are not journaled.
        // A file created by this export gets 16 KiB pages (an existing file keeps its own): a quarter of
        // the pages and B-tree splits of the default 4 KiB, measured 3% less CPU and wall for the whole
        // sales-etl command on 1M rows.
        s.execute("PRAGMA page_size=" + PAGE_SIZE);
        s.execute("PRAGMA journal_mode=DELETE");
        s.execute("PRAGMA synchronous=OFF");
        s.execute("PRAGMA busy_timeout=60000"); // another process writing the file: wait, don't fail
      }
      db.setAutoCommit(false);
      try {
        prepareTable(db, export, schema);
        if (tag != null && export.mode() == ExportSpec.Mode.APPEND) {
          replaceTagged(db, export, tag);
        }
        long rows = sql.stream(select(schema, query), what, rs -> copy(rs, db, export, schema));
        db.commit();
        return rows;
      } catch (SQLException | RuntimeException e) {
        db.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new MillraceException(ErrorKind.EXTERNAL, "Cannot " + what + ": " + Errors.message(e), e);
    }
  }

  private static void prepareTable(Connection db, ExportSpec export, TableSchema schema)
      throws SQLException {
    String table = Sql.ident(export.targetTable());
    String columns = schema.columns().stream().map(c -> Sql.ident(c.name()) + " " + sqliteType(c))
        .collect(Collectors.joining(", "));
    try (Statement s = db.createStatement()) {
      if (export.mode() == ExportSpec.Mode.REPLACE) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
      s.execute("CREATE TABLE IF NOT EXISTS " + table + " (" + columns + ")");
    }
  }

  /** Adds the interval column to a target that predates it, then deletes the tag's earlier rows. */
  private static void replaceTagged(Connection db, ExportSpec export, String tag) throws SQLException {
    String table = Sql.ident(export.targetTable());
    boolean has = false;
    try (Statement s = db.createStatement();
         ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        has |= ExportSpec.INTERVAL_COLUMN.equalsIgnoreCase(rs.getString("name"));
      }
    }
    if (!has) {
      try (Statement s = db.createStatement()) {
        s.execute("ALTER TABLE " + table + " ADD COLUMN " + Sql.ident(ExportSpec.INTERVAL_COLUMN) + " TEXT");
      }
    }
    try (PreparedStatement del = db.prepareStatement("DELETE FROM " + table + " WHERE "
        + Sql.ident(ExportSpec.INTERVAL_COLUMN) + " = ?")) {
      del.setString(1, tag);
      del.executeUpdate();
    }
  }

  /**
   * Reads DuckDB's result on this thread while a second thread runs the SQLite inserts: JDBC
   * decoding and SQLite's own work take similar time (about 1.3 s and 1.5 s per million 17-column
   * rows here), so overlapping them shortens the export. Batches travel through a small bounded
   * queue; an error on either side stops both.
   */
  private static long copy(ResultSet rs, Connection db, ExportSpec export, TableSchema schema)
      throws SQLException {
    int n = schema.columns().size();
    int perInsert = Math.max(1, Math.min(ROWS_PER_INSERT, MAX_PARAMETERS / Math.max(1, n)));
    BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(256);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    String columns = schema.columns().stream().map(c -> Sql.ident(c.name())).collect(Collectors.joining(", ", " (", ")"));
    Thread writer = new Thread(() -> write(queue, db, export, columns, n, perInsert, failure), "millrace-sqlite-export");
    writer.start();
    long rows = 0;
    try {
      Reader[] readers = readers(schema);
      Object[] batch = new Object[perInsert * n];
      int inBatch = 0;
      while (failure.get() == null && rs.next()) {
        for (int i = 0; i < n; i++) {
          batch[inBatch * n + i] = readers[i].read(rs);
        }
        rows++;
        if (++inBatch == perInsert) {
          put(queue, batch, failure);
          batch = new Object[perInsert * n];
          inBatch = 0;
        }
      }
      if (inBatch > 0) {
        put(queue, Arrays.copyOf(batch, inBatch * n), failure);
      }
    } catch (SQLException | RuntimeException e) {
      failure.compareAndSet(null, e);
    } finally {
      put(queue, END, failure);
      join(writer, failure);
    }
    rethrow(failure.get());
    return rows;
  }

  private static void write(BlockingQueue<Object[]> queue, Connection db, ExportSpec export, String columns, int n,
                            int perInsert, AtomicReference<Throwable> failure) {
    try (PreparedStatement full = db.prepareStatement(insert(export, columns, n, perInsert))) {
      DB sqlite = db.unwrap(SQLiteConnection.class).getDatabase();
      for (Object[] batch = queue.take(); batch != END && failure.get() == null; batch = queue.take()) {
        if (batch.length == perInsert * n) {
          run(sqlite, full, batch);
        } else {
          try (PreparedStatement rest = db.prepareStatement(insert(export, columns, n, batch.length / n))) {
            run(sqlite, rest, batch);
          }
        }
      }
    } catch (Throwable e) {
      failure.compareAndSet(null, e);
    }
  }

  /** Blocks while the queue is full, unless the writer failed (then the batch is dropped). */
  private static void put(BlockingQueue<Object[]> queue, Object[] batch, AtomicReference<Throwable> failure) {
    try {
      while (!queue.offer(batch, 50, TimeUnit.MILLISECONDS)) {
        if (failure.get() != null) {
          queue.clear();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.compareAndSet(null, e);
    }
  }

  private static void join(Thread writer, AtomicReference<Throwable> failure) {
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.compareAndSet(null, e);
    }
  }

  private static void rethrow(Throwable t) throws SQLException {
    if (t instanceof SQLException se) {
      throw se;
    }
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t != null) {
      throw new SQLException("SQLite export interrupted or failed: " + t, t);
    }
  }

  private static final Object[] END = new Object[0];

  /**
   * Runs one INSERT with {@code values} bound in order. sqlite-jdbc's own {@code DB.executeUpdate}
   * binds the array directly (the values are already Long, Double, String, byte[] or null, as
   * {@code setObject} would store them): the per-value {@code setObject} calls it skips cost about
   * a sixth of the writer thread's time (JFR, 1M rows × 17 columns).
   */
  private static void run(DB db, PreparedStatement insert, Object[] values) throws SQLException {
    if (insert instanceof CoreStatement statement) {
      db.executeUpdate(statement, values);
      return;
    }
    for (int p = 0; p < values.length; p++) {
      insert.setObject(p + 1, values[p]);
    }
    insert.executeUpdate();
  }

  /** Reads one column of the {@link #select} result as the value SQLite stores. */
  private interface Reader {
    Object read(ResultSet rs) throws SQLException;
  }

  /** Dates in this range travel as day numbers and are formatted here, exactly as DuckDB casts them. */
  private static final String DAY_RANGE = " BETWEEN DATE '0001-01-01' AND DATE '9999-12-31'";

  private static Reader[] readers(TableSchema schema) {
    Reader[] readers = new Reader[schema.columns().size()];
    int index = 1;
    for (int i = 0; i < readers.length; i++) {
      Column c = schema.columns().get(i);
      int at = index;
      readers[i] = switch (c.type()) {
        case INTEGER, BIGINT, BOOLEAN -> rs -> {
          long v = rs.getLong(at);
          return rs.wasNull() ? null : v;
        };
        // SQLite has no exact decimal type: DECIMAL goes to a REAL column, as a DOUBLE.
        case DOUBLE, DECIMAL -> rs -> {
          double v = rs.getDouble(at);
          return rs.wasNull() ? null : v;
        };
        case BLOB -> rs -> rs.getBytes(at);
        case DATE -> isoDate(at);
        default -> rs -> rs.getString(at);
      };
      index += c.type() == io.millrace.api.LogicalType.DATE ? 2 : 1;
    }
    return readers;
  }

  /**
   * A DATE column arrives as two: its day number when within years 1–9999 (formatted here as ISO
   * {@code yyyy-MM-dd}, the text DuckDB's cast gives), else DuckDB's own text (other years,
   * infinities). Why: a million date strings decoded by the JDBC driver cost more than the rest
   * of a 17-column row; day numbers are read as longs and their text is cached (dates repeat).
   */
  private static Reader isoDate(int at) {
    java.util.Map<Long, String> cache = new java.util.HashMap<>();
    return rs -> {
      long day = rs.getLong(at);
      if (rs.wasNull()) {
        return rs.getString(at + 1);   // outside the range, or NULL
      }
      String text = cache.get(day);
      if (text == null) {
        text = java.time.LocalDate.ofEpochDay(day).toString();
        if (cache.size() < 100_000) {
          cache.put(day, text);
        }
      }
      return text;
    };
  }

  /** {@code INSERT INTO t (a, b) VALUES (?,?),...}: columns named, as an older target may order them otherwise. */
  private static String insert(ExportSpec export, String columns, int n, int rows) {
    String row = IntStream.range(0, n).mapToObj(i -> "?").collect(Collectors.joining(",", "(", ")"));
    return "INSERT INTO " + Sql.ident(export.targetTable()) + columns + " VALUES "
        + String.join(",", java.util.Collections.nCopies(rows, row));
  }

  /**
   * The query with every value cast to what SQLite stores: ISO text for dates and times, 0/1 for
   * booleans. A date is two columns ({@link #isoDate}).
   */
  static String select(TableSchema schema, String query) {
    List<String> columns = schema.columns().stream().map(c -> {
      String id = Sql.ident(c.name());
      switch (c.type()) {
        case DATE: return "CASE WHEN " + id + DAY_RANGE + " THEN datediff('day', DATE '1970-01-01', " + id
            + ") END, CASE WHEN NOT (" + id + DAY_RANGE + ") THEN CAST(" + id + " AS VARCHAR) END";
        case TIMESTAMP: case TIMESTAMPTZ: case TIME: return "CAST(" + id + " AS VARCHAR)";
        case BOOLEAN: return "CAST(" + id + " AS BIGINT)";
        case INTEGER: return "CAST(" + id + " AS BIGINT)";
        default: return id;
      }
    }).collect(Collectors.toList());
    return "SELECT " + String.join(", ", columns) + " FROM " + Sql.subquery(query) + " AS _q";
  }

  static String sqliteType(Column c) {
    switch (c.type()) {
      case INTEGER: case BIGINT: case BOOLEAN: return "INTEGER";
      case DOUBLE: case DECIMAL: return "REAL";
      case BLOB: return "BLOB";
      default: return "TEXT";
    }
  }
}
