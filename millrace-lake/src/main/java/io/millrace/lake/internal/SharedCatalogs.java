package io.millrace.lake.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.project.WarehouseCatalog;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * Opens the catalogs several writers share: Iceberg's {@link JdbcCatalog} (table pointers in a
 * database: a commit is {@code UPDATE ... WHERE metadata_location = <the one it started from>}, so of
 * two writers exactly one wins and the other re-applies its change on the new metadata) and Iceberg's
 * {@link RESTCatalog}. Table files are read and written through {@link WarehouseFileIO} in the
 * warehouse's folder, which every writer must reach at the same path (a shared mount).
 */
final class SharedCatalogs {
  private static final int OPEN_ATTEMPTS = 3;

  private SharedCatalogs() {}

  /** The Iceberg properties of a catalog setting (password included: pass only to the catalog). */
  static Map<String, String> properties(WarehouseCatalog spec, Path folder) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(CatalogProperties.URI, spec.uri());
    p.put(CatalogProperties.FILE_IO_IMPL, WarehouseFileIO.class.getName());
    p.put(WarehouseFileIO.ROOT, folder.toString());
    if (spec.kind() == WarehouseCatalog.Kind.JDBC) {
      p.put(CatalogProperties.WAREHOUSE_LOCATION, folder.toString());
      if (spec.user() != null) {
        p.put(JdbcCatalog.PROPERTY_PREFIX + "user", spec.user());
      }
      if (spec.password() != null) {
        p.put(JdbcCatalog.PROPERTY_PREFIX + "password", spec.password());
      }
    } else if (spec.password() != null) {
      // OAuth2 client credentials: "client_id:client_secret", or only the secret
      p.put("credential", spec.user() == null ? spec.password() : spec.user() + ":" + spec.password());
    }
    p.putAll(spec.properties());
    return p;
  }

  /**
   * @throws MillraceException EXTERNAL (retryable) when the catalog cannot be reached or initialized
   */
  static Catalog open(WarehouseCatalog spec, Path folder) {
    Map<String, String> props = properties(spec, folder);
    RuntimeException last = null;
    for (int attempt = 1; attempt <= OPEN_ATTEMPTS; attempt++) {
      Catalog catalog = spec.kind() == WarehouseCatalog.Kind.JDBC ? new org.apache.iceberg.jdbc.MillraceJdbcCatalog() : new RESTCatalog();
      try {
        catalog.initialize(spec.name(), props);
        return catalog;
      } catch (RuntimeException e) {
        // two processes creating the JDBC catalog's tables at once: one of them fails; the tables
        // exist on the next try
        last = e;
        if (catalog instanceof AutoCloseable c) {
          try {
            c.close();
          } catch (Exception ignored) {
            // failing already
          }
        }
        sleep(50L * attempt + ThreadLocalRandom.current().nextInt(50));
      }
    }
    throw MillraceException.external(last, "Cannot open the warehouse's %s: %s", spec, rootMessage(last));
  }

  /** Creates the namespace unless it exists (another process may create it at the same time). */
  static void ensureNamespace(Catalog catalog, Namespace ns, WarehouseCatalog spec) {
    if (!(catalog instanceof SupportsNamespaces namespaces)) {
      return;
    }
    try {
      if (!namespaces.namespaceExists(ns)) {
        namespaces.createNamespace(ns, new java.util.HashMap<>());   // not Map.of(): REST checks containsKey(null)
      }
    } catch (AlreadyExistsException e) {
      // created meanwhile by another writer
    } catch (RuntimeException e) {
      throw MillraceException.external(e, "Cannot create namespace '%s' in the warehouse's %s: %s", ns, spec,
          rootMessage(e));
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return msg.lines().findFirst().orElse(msg);
  }
}
