package io.millrace.duckdb.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SourceLoad;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session on one duplicated DuckDB connection. The catalog (schema {@code main}) is shared with
 * every other session of the engine; temporary tables are the session's own. One thread at a time;
 * {@link #cancel()} may come from any thread.
 */
public final class DuckDbSession implements EngineSession {
  private final Connection connection;
  private final SqlExecutor sql;
  private final Describer describer;
  private final Catalog catalog;

  public DuckDbSession(Connection connection) {
    this.connection = connection;
    this.sql = new SqlExecutor(connection);
    this.describer = new Describer(sql);
    this.catalog = new Catalog(sql, describer);
  }

  @Override
  public QueryResult query(String query) {
    return sql.query(query, "run query");
  }

  @Override
  public long execute(String statement) {
    return sql.execute(statement, "run statement");
  }

  @Override
  public TableSchema describe(String query) {
    return describer.schema(query);
  }

  /** The stand-in is a TEMP table: private to this connection, dropped when it closes. */
  @Override
  public TableSchema describeAs(String name, String query) {
    Map<String, String> types = describer.duckTypes(query);
    TableSchema schema = Describer.schema(types);
    catalog.standIn(name, types);
    return schema;
  }

  @Override
  public void standIn(String name, TableSchema schema) {
    Map<String, String> types = new LinkedHashMap<>();
    schema.columns().forEach(c -> types.put(c.name(), c.sql()));
    catalog.standIn(name, types);
  }

  /** One script of {@code CREATE TEMP TABLE ... AS ... LIMIT 0} per batch ({@link BatchBinder}). */
  @Override
  public List<TableSchema> describeAllAs(List<StandInQuery> queries) {
    return new BatchBinder(sql, describer, catalog).bind(queries);
  }

  @Override
  public SourceLoad loadSource(SourceSpec source, String table) {
    return new SourceLoader(sql, describer, catalog).load(source, table);
  }

  @Override
  public long writeParquet(String query, Path file, Map<String, Integer> fieldIds) {
    return new ParquetWriter(sql, describer).write(query, file, fieldIds);
  }

  @Override
  public long writeParquet(String query, TableSchema schema, Path file, Map<String, Integer> fieldIds) {
    return new ParquetWriter(sql, describer).write(query, schema, file, fieldIds);
  }

  @Override
  public void registerTable(String name, TableSchema schema, List<Path> files) {
    catalog.registerTable(name, schema, files);
  }

  @Override
  public void registerTable(String name, TableSchema schema, List<Path> files, java.util.Map<String, Integer> fieldIds) {
    catalog.registerTable(name, schema, files, fieldIds);
  }

  /** DuckDB's Appender: no SQL to parse (literal {@code INSERT}s of 500 rejects took 40–200 ms each). */
  @Override
  public boolean appendRows(String table, List<List<Object>> rows) {
    new RowAppender(connection).append(table, rows);
    return true;
  }

  @Override
  public void registerView(String name, String query) {
    catalog.registerView(name, query);
  }

  @Override
  public void drop(String name) {
    catalog.drop(name);
  }

  @Override
  public long export(ExportSpec export, String query) {
    return new Exporter(sql, describer).export(export, query, null);
  }

  @Override
  public long export(ExportSpec export, String query, String tag) {
    return new Exporter(sql, describer).export(export, query, tag);
  }

  @Override
  public void cancel() {
    sql.cancel();
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw MillraceException.external(e, "Cannot close DuckDB session: %s", Errors.message(e));
    }
  }
}
