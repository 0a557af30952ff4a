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
