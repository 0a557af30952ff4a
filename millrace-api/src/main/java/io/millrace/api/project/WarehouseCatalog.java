package io.millrace.api.project;

import io.millrace.api.Secrets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where the Iceberg catalog of a project's warehouse keeps its table metadata ({@code warehouse:} in
 * millrace.yaml). The table files (Parquet data, Iceberg metadata and manifests) always live under
 * {@link #location}, a folder every writer reaches (local disk, or a shared mount); the catalog is the
 * pointer to each table's current metadata, which is what several writers must agree on.
 *
 * <ul>
 *   <li>{@code warehouse: FOLDER} (or no key): {@link Kind#LOCAL}, the pointer is a file in the
 *       table's folder (Iceberg's path-based tables); one machine.</li>
 *   <li>{@code warehouse: {catalog: jdbc, uri: jdbc:postgresql://host/db, location: FOLDER}}:
 *       Iceberg's JDBC catalog keeps the pointers in a database, so several processes (and engines)
 *       commit to one table, conflicts retried.</li>
 *   <li>{@code warehouse: {catalog: rest, uri: https://host/api/catalog, location: FOLDER}}: an
 *       Iceberg REST catalog (Polaris, Gravitino, Lakekeeper...).</li>
 * </ul>
 *
 * @param kind which catalog
 * @param uri the JDBC URL or REST endpoint; null for {@link Kind#LOCAL}
 * @param location the folder the table files live in (absolute)
 * @param namespace the catalog namespace the project's tables are in (ignored by {@link Kind#LOCAL})
 * @param name the catalog name (the JDBC catalog's {@code catalog_name} column; REST: the client name)
 * @param user the database user (JDBC), or null
 * @param password the database password or REST credential, or null; never shown ({@link #toString})
 * @param properties further Iceberg catalog properties, passed as given (for example REST
 *     {@code token}, {@code credential}, {@code scope}); values are masked in {@link #toString}
 */
public record WarehouseCatalog(Kind kind, String uri, Path location, String namespace, String name,
                               String user, String password, Map<String, String> properties) {
  /** Which Iceberg catalog. */
  public enum Kind { LOCAL, JDBC, REST }

  /** The catalog name when none is given. */
  public static final String DEFAULT_NAME = "millrace";

  public WarehouseCatalog {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
    if (kind != Kind.LOCAL) {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(namespace, "namespace");
    }
    name = name == null || name.isBlank() ? DEFAULT_NAME : name;
    properties = properties == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(properties));
    if (password != null) {
      Secrets.register(password);
    }
    properties.forEach((k, v) -> {
      if (SECRET_KEY.matcher(k).find()) {
        Secrets.register(v);
      }
    });
  }

  private static final java.util.regex.Pattern SECRET_KEY =
      java.util.regex.Pattern.compile("(?i)pass|pwd|secret|token|credential|key");

  /** The embedded default: the tables and their metadata pointers in {@code folder}. */
  public static WarehouseCatalog local(Path folder) {
    return new WarehouseCatalog(Kind.LOCAL, null, folder, null, DEFAULT_NAME, null, null, Map.of());
  }

  /** For messages and logs: the kind, the URI with any password masked, the namespace and location. */
  @Override
  public String toString() {
    if (kind == Kind.LOCAL) {
      return "local warehouse " + location;
    }
    return String.format("%s catalog %s (namespace '%s', files in %s)", kind.name().toLowerCase(java.util.Locale.ROOT),
        describe(uri), namespace, location);
  }

  /** A URI or property value with passwords and user info masked. */
  private static String describe(String uri) {
    return uri == null ? null : Secrets.mask(uri);
  }
}
