package io.millrace.lake;

import io.millrace.api.project.WarehouseCatalog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A JDBC catalog in a PostgreSQL schema of its own on 127.0.0.1:5432 (db {@code test}, trust auth),
 * dropped on close: tests of several helpers and runs share the server.
 */
final class PgCatalog implements AutoCloseable {
  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
  final String schema = "lake_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  final String uri = SERVER + "?currentSchema=" + schema;

  PgCatalog() {
    sql("CREATE SCHEMA " + schema);
  }

  /** The catalog setting: files in {@code location}, tables in {@code namespace}, catalog name per run. */
  WarehouseCatalog catalog(Path location, String namespace) {
    return new WarehouseCatalog(WarehouseCatalog.Kind.JDBC, uri, location, namespace, "cat_" + schema, "postgres",
        null, Map.of());
  }

  /** How many catalog rows (tables) the namespace has in the database, read with plain SQL. */
  int tableRows(String namespace) {
    try (Connection c = DriverManager.getConnection(SERVER, "postgres", "");
         Statement st = c.createStatement();
         var rs = st.executeQuery("SELECT count(*) FROM " + schema + ".iceberg_tables WHERE table_namespace = '"
             + namespace + "'")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  void sql(String sql) {
    try (Connection c = DriverManager.getConnection(SERVER, "postgres", "");
         Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public void close() {
    sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }
}
