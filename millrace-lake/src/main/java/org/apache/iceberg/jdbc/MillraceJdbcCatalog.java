package org.apache.iceberg.jdbc;

import java.lang.reflect.Field;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NotFoundException;

/**
 * Iceberg's {@link JdbcCatalog}, except that a table whose current metadata file is unreadable fails
 * at once instead of after Iceberg's 20 read retries with up to 5 s between them (a corrupt file does
 * not become readable by waiting; a minute and a half per table listing would look like a hang).
 * Storage failures that may pass are still retried, twice. In Iceberg's package because its table
 * operations are package-private; everything else is Iceberg's own code.
 */
public class MillraceJdbcCatalog extends JdbcCatalog {
  private static final int READ_RETRIES = 2;

  /**
   * Creates the catalog's two tables in the connection's current schema when they are missing there,
   * then initializes as Iceberg does. Why: Iceberg looks for them with a schema-less metadata query,
   * so once any schema of the database has an {@code iceberg_tables} table (another catalog, another
   * project) it would create none in this one and fail on first use ("relation iceberg_tables does
   * not exist").
   */
  @Override
  public void initialize(String name, java.util.Map<String, String> properties) {
    createTablesInCurrentSchema(properties);
    super.initialize(name, properties);
  }

  private static void createTablesInCurrentSchema(java.util.Map<String, String> properties) {
    String uri = properties.get(org.apache.iceberg.CatalogProperties.URI);
    java.util.Properties login = new java.util.Properties();
    properties.forEach((k, v) -> {
      if (k.startsWith(PROPERTY_PREFIX)) {
        login.put(k.substring(PROPERTY_PREFIX.length()), v);
      }
    });
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(uri, login)) {
      String schema = currentSchema(c);
      if (schema == null) {
        return;   // a database without schemas (SQLite...): Iceberg's own check is right there
      }
      if (!exists(c, schema, JdbcUtil.CATALOG_TABLE_VIEW_NAME)) {
        create(c, JdbcUtil.V0_CREATE_CATALOG_SQL);
      }
      if (!exists(c, schema, JdbcUtil.NAMESPACE_PROPERTIES_TABLE_NAME)) {
        create(c, JdbcUtil.CREATE_NAMESPACE_PROPERTIES_TABLE_SQL);
      }
    } catch (java.sql.SQLException e) {
      throw new UncheckedSQLException(e, "Cannot create the JDBC catalog's tables");
    }
  }

  private static String currentSchema(java.sql.Connection c) {
    try {
      return c.getSchema();
    } catch (java.sql.SQLException | AbstractMethodError e) {
      return null;
    }
  }

  private static boolean exists(java.sql.Connection c, String schema, String table) throws java.sql.SQLException {
    java.sql.DatabaseMetaData meta = c.getMetaData();
    for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
      try (java.sql.ResultSet rs = meta.getTables(c.getCatalog(), schema, name, null)) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  private static void create(java.sql.Connection c, String sql) throws java.sql.SQLException {
    try (java.sql.Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (java.sql.SQLException e) {
      // another process created it meanwhile
      if (!exists(c, currentSchema(c), sql.split("[ (]")[2])) {
        throw e;
      }
    }
  }

  @Override
  protected TableOperations newTableOps(TableIdentifier tableIdentifier) {
    return new FailFastOperations(connectionPool(), io(tableIdentifier), name(), tableIdentifier, properties(),
        schemaVersion());
  }

  private org.apache.iceberg.io.FileIO io(TableIdentifier id) {
    return ((JdbcTableOperations) super.newTableOps(id)).io();
  }

  private JdbcUtil.SchemaVersion schemaVersion() {
    try {
      Field f = JdbcCatalog.class.getDeclaredField("schemaVersion");
      f.setAccessible(true);
      return (JdbcUtil.SchemaVersion) f.get(this);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return JdbcUtil.SchemaVersion.V0;
    }
  }

  /** Whether reading a metadata file again may succeed: not when it is missing or not valid JSON. */
  static boolean mayPass(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NotFoundException || t instanceof java.io.FileNotFoundException
          || t instanceof java.nio.file.NoSuchFileException || t instanceof IllegalArgumentException
          || t instanceof NullPointerException || t.getClass().getName().startsWith("com.fasterxml.jackson")) {
        return false;
      }
    }
    return true;
  }

  private static final class FailFastOperations extends JdbcTableOperations {
    FailFastOperations(JdbcClientPool pool, org.apache.iceberg.io.FileIO io, String catalogName, TableIdentifier id,
                       java.util.Map<String, String> properties, JdbcUtil.SchemaVersion version) {
      super(pool, io, catalogName, id, properties, version);
    }

    @Override
    protected void refreshFromMetadataLocation(String newLocation, Predicate<Exception> shouldRetry, int numRetries,
                                               Function<String, TableMetadata> metadataLoader) {
      super.refreshFromMetadataLocation(newLocation, MillraceJdbcCatalog::mayPass, Math.min(numRetries, READ_RETRIES),
          metadataLoader);
    }
  }
}
