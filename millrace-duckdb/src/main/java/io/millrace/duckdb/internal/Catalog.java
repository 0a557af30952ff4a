package io.millrace.duckdb.internal;

import io.millrace.api.Column;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Tables and views of the shared catalog (schema {@code main}). A name is either a table or a view;
 * defining one kind drops the other kind of the same name first, so a source loaded as a table can
 * later be registered as a view over its committed files.
 */
public final class Catalog {
  private final SqlExecutor sql;
  private final Describer describer;

  public Catalog(SqlExecutor sql, Describer describer) {
    this.sql = sql;
    this.describer = describer;
  }

  /**
   * A view over Parquet files projected onto {@code schema}: columns in schema order, cast to their
   * logical types; columns no file has (added by schema evolution) read as NULL.
   */
  public void registerTable(String name, TableSchema schema, List<Path> files) {
    String select = files.isEmpty() ? emptySelect(schema) : filesSelect(schema, files);
    createView(name, select);
  }

  /**
   * A view over Parquet files read by Iceberg field id: DuckDB maps each file's columns by id, so
   * files written before a column was dropped, renamed or retyped read correctly (by-name union would
   * resurrect dropped columns and mix retyped ones); a column a file lacks reads as NULL.
   */
  public void registerTable(String name, TableSchema schema, List<Path> files, Map<String, Integer> fieldIds) {
    if (files.isEmpty() || schema.columns().isEmpty()) {
      registerTable(name, schema, files);
      return;
    }
    String map = schema.columns().stream()
        .map(c -> {
          Integer id = fieldIds.get(c.name());
          if (id == null) {
            throw io.millrace.api.MillraceException.internal(null, "Cannot register table '%s': column '%s' has no field id", name, c.name());
          }
          return id + ": {name: " + Sql.literal(c.name()) + ", type: " + Sql.literal(c.sql())
              + ", default_value: NULL}";
        })
        .collect(Collectors.joining(", "));
    createView(name, "SELECT * FROM read_parquet(" + Sql.pathList(files) + ", schema = MAP {" + map + "})");
  }

  public void registerView(String name, String query) {
    createView(name, Sql.body(query) + "\n");
  }

  /**
   * An empty session-private TEMP table with these DuckDB column types; it shadows a catalog table
   * or view of the same name in this session only. No catalog lookup: nothing else is replaced.
   */
  public void standIn(String name, Map<String, String> duckTypes) {
    String columns = duckTypes.isEmpty() ? "\"_empty\" INTEGER" : duckTypes.entrySet().stream()
        .map(e -> Sql.ident(e.getKey()) + " " + e.getValue())
        .collect(Collectors.joining(", "));
    sql.execute("CREATE OR REPLACE TEMP TABLE " + Sql.ident(name) + " (" + columns + ")",
        "define stand-in '" + name + "'");
  }

  /**
   * Drops without a catalog lookup: DuckDB refuses to drop a name as the other kind, and only then
   * is the other kind tried (a lookup in {@code information_schema} grows with the catalog, and cost
   * about 40 ms per call with a thousand views).
   */
  public void drop(String name) {
    String what = "drop '" + name + "'";
    try {
      sql.execute("DROP VIEW IF EXISTS " + Sql.ident(name), what);
    } catch (MillraceException e) {
      if (!otherKind(e)) {
        throw e;
      }
      sql.execute("DROP TABLE IF EXISTS " + Sql.ident(name), what);
    }
  }

  /** Drops {@code name} when it exists as the other kind than {@code kind} (TABLE or VIEW). */
  public void makeRoomFor(String name, String kind) {
    if (kind(name).filter(k -> !k.equals(kind)).isPresent()) {
      drop(name);
    }
  }

  /** TABLE, VIEW, or empty when the name is free. */
  Optional<String> kind(String name) {
    var r = sql.query("SELECT table_type FROM information_schema.tables WHERE table_schema = 'main' "
        + "AND table_name = " + Sql.literal(name), "look up '" + name + "'");
    if (r.rows().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("VIEW".equals(r.rows().get(0).get(0)) ? "VIEW" : "TABLE");
  }

  /** Replaces a view, or a table of the same name (then dropped first: the rare case pays the retry). */
  private void createView(String name, String select) {
    String ddl = "CREATE OR REPLACE VIEW " + Sql.ident(name) + " AS " + select;
    try {
      sql.execute(ddl, "register view '" + name + "'");
    } catch (MillraceException e) {
      if (!otherKind(e)) {
        throw e;
      }
      sql.execute("DROP TABLE IF EXISTS " + Sql.ident(name), "drop table '" + name + "'");
      sql.execute(ddl, "register view '" + name + "'");
    }
  }

  /** DuckDB's refusal to replace or drop an object as another kind ("is of type Table, trying to ..."). */
  private static boolean otherKind(MillraceException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("Existing object") && m.contains("is of type");
  }

  private String filesSelect(TableSchema schema, List<Path> files) {
    String from = "read_parquet(" + Sql.pathList(files) + ", union_by_name = true)";
    Map<String, String> present = describer.duckTypes("SELECT * FROM " + from);
    String columns = schema.columns().stream()
        .map(c -> present.containsKey(c.name()) ? cast(c) : nullOf(c))
        .collect(Collectors.joining(", "));
    return "SELECT " + columns + " FROM " + from;
  }

  private static String emptySelect(TableSchema schema) {
    if (schema.columns().isEmpty()) {
      return "SELECT 1 AS \"_empty\" WHERE false";
    }
    return "SELECT " + schema.columns().stream().map(Catalog::nullOf).collect(Collectors.joining(", "))
        + " WHERE false";
  }

  static String cast(Column c) {
    return "CAST(" + Sql.ident(c.name()) + " AS " + c.sql() + ") AS " + Sql.ident(c.name());
  }

  private static String nullOf(Column c) {
    return "CAST(NULL AS " + c.sql() + ") AS " + Sql.ident(c.name());
  }
}
