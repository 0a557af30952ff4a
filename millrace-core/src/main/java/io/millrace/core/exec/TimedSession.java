package io.millrace.core.exec;

import io.millrace.api.TableSchema;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SourceLoad;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An {@link EngineSession} that reports each call it forwards — what it was (query, execute,
 * describe, writeParquet, loadSource, export, registerTable, ...), on what (the SQL, table or file),
 * how long it took and the rows where the call returns them — to a {@link Sink}, one line per call.
 * Node attempts run on such a session so their log shows every statement the engine ran for them.
 *
 * <p>Every method of the interface is forwarded, default methods included, so an engine's own
 * overrides (session-private stand-ins, bulk binding, cancellation) keep working. The cost per call is
 * two {@link System#nanoTime()} reads and the sink's line (the engine call itself is milliseconds).
 * Not thread-safe, like the session it wraps, except {@link #cancel()}.
 */
public final class TimedSession implements EngineSession {
  /** Longest SQL text kept in a line; the rest is cut (a model's whole SQL is logged once, at its start). */
  static final int MAX_SQL = 240;

  /**
   * Receives one line per call. Must not throw (a log that cannot be written never fails the call). A
   * sink that is {@link AutoCloseable} is closed with the session.
   */
  @FunctionalInterface
  public interface Sink {
    /**
     * @param ok false when the call threw (then {@code rows} is -1)
     * @param line {@code <call> <millis> ms[, <n> rows]: <subject>}
     */
    void statement(boolean ok, String line);
  }

  private final EngineSession delegate;
  private final Sink sink;

  public TimedSession(EngineSession delegate, Sink sink) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** The wrapped session. */
  public EngineSession delegate() {
    return delegate;
  }

  private <T> T timed(String call, String subject, Supplier<T> work, java.util.function.ToLongFunction<T> rows,
                      String unit) {
    long t0 = System.nanoTime();
    T result;
    try {
      result = work.get();
    } catch (RuntimeException | Error e) {
      report(false, call, t0, -1, unit, subject);
      throw e;
    }
    report(true, call, t0, rows == null ? -1 : rows.applyAsLong(result), unit, subject);
    return result;
  }

  private void run(String call, String subject, Runnable work) {
    timed(call, subject, () -> {
      work.run();
      return null;
    }, null, null);
  }

  private void report(boolean ok, String call, long t0, long rows, String unit, String subject) {
    double ms = (System.nanoTime() - t0) / 1e6;
    StringBuilder b = new StringBuilder(64 + Math.min(subject.length(), MAX_SQL)).append(call)
        .append(ok ? " " : " failed after ");
    millis(b, ms).append(" ms");
    if (rows >= 0) {
      b.append(", ").append(rows).append(' ').append(unit);
    }
    b.append(": ").append(oneLine(subject));
    try {
      sink.statement(ok, b.toString());
    } catch (RuntimeException ignored) {
      // the log is best effort; the statement's outcome is what matters
    }
  }

  /** {@code ms} with two decimals below 10 ms, none above (String.format costs more than the rest of a line). */
  static StringBuilder millis(StringBuilder b, double ms) {
    if (ms >= 10) {
      return b.append(Math.round(ms));
    }
    long hundredths = Math.round(ms * 100);
    b.append(hundredths / 100).append('.');
    long frac = hundredths % 100;
    return b.append(frac < 10 ? "0" : "").append(frac);
  }

  /**
   * Whitespace collapsed, {@code --} comments left out (on one line they would seem to swallow the
   * rest), cut at {@link #MAX_SQL} characters.
   */
  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_SQL + 3));
    boolean space = false;
    boolean quoted = false;
    for (int i = 0; i < s.length() && b.length() < MAX_SQL; i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '-' && i + 1 < s.length() && s.charAt(i + 1) == '-') {
        while (i + 1 < s.length() && s.charAt(i + 1) != '\n') {
          i++;
        }
        space = b.length() > 0;
        continue;
      }
      if (Character.isWhitespace(c)) {
        space = b.length() > 0;
      } else {
        if (space) {
          b.append(' ');
          space = false;
        }
        b.append(c);
      }
    }
    if (b.length() >= MAX_SQL) {
      b.setLength(MAX_SQL);
      b.append("...");
    }
    return b.toString();
  }

  @Override
  public QueryResult query(String sql) {
    return timed("query", sql, () -> delegate.query(sql), r -> r.rows().size(), "rows");
  }

  @Override
  public long execute(String sql) {
    return timed("execute", sql, () -> delegate.execute(sql), n -> n, "rows");
  }

  @Override
  public String dialect() {
    return delegate.dialect();
  }

  @Override
  public TableSchema describe(String sql) {
    return timed("describe", sql, () -> delegate.describe(sql), s -> s.columns().size(), "columns");
  }

  @Override
  public TableSchema describeAs(String name, String sql) {
    return timed("describe " + name, sql, () -> delegate.describeAs(name, sql), s -> s.columns().size(), "columns");
  }

  @Override
  public void standIn(String name, TableSchema schema) {
    run("stand-in", name, () -> delegate.standIn(name, schema));
  }

  @Override
  public List<TableSchema> describeAllAs(List<StandInQuery> queries) {
    return timed("describe", queries.size() + " queries", () -> delegate.describeAllAs(queries), List::size, "schemas");
  }

  @Override
  public SourceLoad loadSource(SourceSpec source, String table) {
    return timed("loadSource", source.name() + (source.path() == null ? "" : " " + source.path()) + " into " + table,
        () -> delegate.loadSource(source, table), SourceLoad::rows, "rows");
  }

  @Override
  public TableSchema describeSource(SourceSpec source) {
    return timed("describeSource", source.name(), () -> delegate.describeSource(source), s -> s.columns().size(),
        "columns");
  }

  @Override
  public long writeParquet(String sql, Path file, Map<String, Integer> fieldIds) {
    return timed("writeParquet", file.getFileName() + " <- " + sql, () -> delegate.writeParquet(sql, file, fieldIds),
        n -> n, "rows");
  }

  @Override
  public long writeParquet(String sql, TableSchema schema, Path file, Map<String, Integer> fieldIds) {
    return timed("writeParquet", file.getFileName() + " <- " + sql,
        () -> delegate.writeParquet(sql, schema, file, fieldIds), n -> n, "rows");
  }

  @Override
  public void registerTable(String name, TableSchema schema, List<Path> files) {
    run("registerTable", name + " (" + files.size() + " files)", () -> delegate.registerTable(name, schema, files));
  }

  @Override
  public void registerTable(String name, TableSchema schema, List<Path> files, Map<String, Integer> fieldIds) {
    run("registerTable", name + " (" + files.size() + " files)",
        () -> delegate.registerTable(name, schema, files, fieldIds));
  }

  @Override
  public boolean appendRows(String table, List<List<Object>> rows) {
    return timed("appendRows", table, () -> delegate.appendRows(table, rows), ok -> ok ? rows.size() : 0, "rows");
  }

  @Override
  public void registerView(String name, String sql) {
    run("registerView " + name, sql, () -> delegate.registerView(name, sql));
  }

  @Override
  public void drop(String name) {
    run("drop", name, () -> delegate.drop(name));
  }

  @Override
  public long export(ExportSpec export, String sql) {
    return timed("export", exportSubject(export, sql), () -> delegate.export(export, sql), n -> n, "rows");
  }

  @Override
  public long export(ExportSpec export, String sql, String tag) {
    return timed("export", exportSubject(export, sql), () -> delegate.export(export, sql, tag), n -> n, "rows");
  }

  private static String exportSubject(ExportSpec export, String sql) {
    return export.table() + " as " + export.format().name().toLowerCase(Locale.ROOT) + " <- " + sql;
  }

  @Override
  public void cancel() {
    delegate.cancel();
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      if (sink instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // best effort, as every line
        }
      }
    }
  }
}
