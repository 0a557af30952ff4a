package io.millrace.api.spi;

import io.millrace.api.TableSchema;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.SourceSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One connection to an engine's shared catalog. Tables and views registered in one session are
 * visible to every session of the same engine. Not thread-safe: one session per thread.
 */
public interface EngineSession extends SqlRunner, AutoCloseable {
  /**
   * Binds a query without running it.
   *
   * @throws io.millrace.api.MillraceException USER with the engine's message when the SQL is invalid
   */
  TableSchema describe(String sql);

  /**
   * Binds {@code sql} as {@link #describe} does and defines {@code name}, for this session only, as
   * an empty stand-in table with exactly the result's columns, so that later queries reading
   * {@code name} bind against it without expanding {@code sql} again (plan-time checks). A stand-in
   * shadows a catalog table or view of the same name in this session only and disappears when the
   * session closes. The default defines it in the shared catalog (as {@link #registerTable} with no
   * files); engines that have session-private tables override this and {@link #standIn}.
   *
   * @throws io.millrace.api.MillraceException as {@link #describe}
   */
  default TableSchema describeAs(String name, String sql) {
    TableSchema schema = describe(sql);
    standIn(name, schema);
    return schema;
  }

  /** Defines an empty stand-in table {@code name} with these columns (see {@link #describeAs}). */
  default void standIn(String name, TableSchema schema) {
    registerTable(name, schema, List.of());
  }

  /**
   * A query to bind as a stand-in (see {@link #describeAllAs}).
   *
   * @param stored the stand-in takes the result's logical types, as a table stores them (a table
   *     model); otherwise the engine's exact result types, as a view reads (a view model)
   */
  record StandInQuery(String name, String sql, boolean stored) {}

  /**
   * Binds queries in order as {@link #describeAs} does (or, for {@code stored} ones, {@link #describe}
   * then {@link #standIn} with the logical types), each query seeing the stand-ins of those before
   * it, in as few engine round trips as the engine can (plan time: thousands of models).
   *
   * @return each query's schema, in order
   * @throws io.millrace.api.MillraceException as {@link #describe}, without saying which query
   *     failed; stand-ins of earlier queries may be defined. Callers redo the queries one at a time
   *     to name the culprit.
   */
  default List<TableSchema> describeAllAs(List<StandInQuery> queries) {
    List<TableSchema> out = new java.util.ArrayList<>(queries.size());
    for (StandInQuery q : queries) {
      if (q.stored()) {
        TableSchema schema = describe(q.sql());
        standIn(q.name(), schema);
        out.add(schema);
      } else {
        out.add(describeAs(q.name(), q.sql()));
      }
    }
    return out;
  }

  /**
   * Reads a source completely (every column cast, so every bad value is found) into a table named
   * {@code table}, replacing it. Bad lines are returned as rejects, not dropped silently.
   *
   * @throws io.millrace.api.MillraceException USER naming the file and column when the file is
   *     missing, a declared column is absent from the header, or nothing can be parsed
   */
  SourceLoad loadSource(SourceSpec source, String table);

  /**
   * The columns {@link #loadSource} would produce for a source, without keeping its rows. Used at
   * plan time for sources that declare no columns. The default loads the source into a scratch
   * table and drops it (correct, but reads the whole input); engines should override it with a
   * cheap schema probe.
   *
   * @throws io.millrace.api.MillraceException as {@link #loadSource}
   */
  default TableSchema describeSource(SourceSpec source) {
    String scratch = "__describe_" + source.name();
    try {
      return loadSource(source, scratch).schema();
    } finally {
      drop(scratch);
    }
  }

  /**
   * Writes the result of {@code sql} to one Parquet file whose columns carry the given Iceberg field
   * ids (every output column must have one), casting to {@link io.millrace.api.LogicalType}s.
   *
   * @return rows written
   */
  long writeParquet(String sql, Path file, Map<String, Integer> fieldIds);

  /**
   * As {@link #writeParquet(String, Path, Map)} when the caller already knows the result's schema
   * (it bound {@code sql} before): engines may skip binding it again. The columns are written as
   * {@code schema} says, by name.
   */
  default long writeParquet(String sql, TableSchema schema, Path file, Map<String, Integer> fieldIds) {
    return writeParquet(sql, file, fieldIds);
  }

  /**
   * Makes Parquet files readable as a table named {@code name}, matching columns by name; an empty
   * list gives an empty table. Use the field-id variant for warehouse tables whose schema evolved.
   */
  void registerTable(String name, TableSchema schema, List<Path> files);

  /**
   * Makes Parquet files readable as a table named {@code name}, matching columns by Iceberg field id
   * (so renamed, dropped and retyped columns of older files read correctly; a column a file lacks
   * reads as NULL).
   *
   * @param fieldIds the table's current field id of every column of {@code schema}
   */
  default void registerTable(String name, TableSchema schema, List<Path> files, Map<String, Integer> fieldIds) {
    registerTable(name, schema, files);
  }

  /**
   * Appends rows to an existing table of this session through the engine's bulk path (for rows made
   * in Java, such as a source's rejected lines), when it has one. Values are {@code String},
   * {@code Long} or null, in the table's column order.
   *
   * @return false when the engine has no bulk path (nothing was written): the caller then uses
   *     {@code INSERT} statements
   */
  default boolean appendRows(String table, List<List<Object>> rows) {
    return false;
  }

  /** Defines a view {@code name} over {@code sql}, replacing any earlier definition. */
  void registerView(String name, String sql);

  /** Drops a table or view registered by this engine, if present. */
  void drop(String name);

  /**
   * Copies the result of {@code sql} to the export's target. SQLite and PostgreSQL targets are
   * replaced or appended in one transaction.
   *
   * @return rows exported
   */
  long export(ExportSpec export, String sql);

  /**
   * An APPEND export of the rows one data interval (or run) added, idempotent per {@code tag}:
   * {@code sql} carries the column {@link ExportSpec#INTERVAL_COLUMN} holding {@code tag}, and rows
   * an earlier export wrote with the same tag are removed from the target in the same change, so
   * re-running an interval replaces its rows there instead of adding them again. Targets written
   * before the column existed get it (empty for their old rows).
   *
   * @return rows exported
   */
  default long export(ExportSpec export, String sql, String tag) {
    throw new UnsupportedOperationException("tagged exports are not supported by " + getClass().getName());
  }

  /**
   * Asks the statement running in this session to stop, from another thread (timeouts, Ctrl-C).
   * The interrupted call then throws. Safe to call when nothing runs; the default does nothing,
   * for engines that cannot cancel (the caller also interrupts the running thread).
   */
  default void cancel() {}

  @Override
  void close();
}
