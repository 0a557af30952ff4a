package io.millrace.duckdb.internal;

import io.millrace.api.Column;
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

  public void drop(String name) {
    kind(name).ifPresent(kind -> sql.execute("DROP " + kind + " IF EXISTS " + Sql.ident(name),
        "drop " + kind.toLowerCase() + " '" + name + "'"));
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

  private void createView(String name, String select) {
    makeRoomFor(name, "VIEW");
    sql.execute("CREATE OR REPLACE VIEW " + Sql.ident(name) + " AS " + select,
        "register view '" + name + "'");
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
