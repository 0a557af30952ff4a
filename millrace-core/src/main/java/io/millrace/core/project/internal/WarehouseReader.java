package io.millrace.core.project.internal;

import io.millrace.api.Secrets;
import io.millrace.api.project.WarehouseCatalog;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads {@code warehouse:}: a folder ({@code warehouse: lake}, the local catalog) or a catalog
 * setting:
 *
 * <pre>
 * warehouse:
 *   catalog: jdbc                  # local (default) | jdbc | rest
 *   uri: jdbc:postgresql://db.internal:5432/lake
 *   location: /mnt/shared/lake     # where the table files live (default: the project's warehouse/)
 *   namespace: sales               # default: the project name
 *   name: prod                     # the catalog's name (default millrace)
 *   user: millrace
 *   password: ${env:LAKE_PASSWORD} # masked in every output
 *   properties: {pool-size: "4"}   # further Iceberg catalog properties
 * </pre>
 */
final class WarehouseReader {
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

  private WarehouseReader() {}

  static WarehouseCatalog read(YNode node, Path root, String projectName) {
    if (node == null || node.isNull()) {
      return WarehouseCatalog.local(root.resolve("warehouse"));
    }
    if (!node.isMap()) {
      return WarehouseCatalog.local(node.file());
    }
    Map<String, YNode> f = node.fields("catalog", "uri", "location", "namespace", "name", "user", "password",
        "properties");
    WarehouseCatalog.Kind kind = f.containsKey("catalog") ? kind(f.get("catalog")) : WarehouseCatalog.Kind.LOCAL;
    Path location = f.containsKey("location") ? f.get("location").file() : root.resolve("warehouse");
    String password = f.containsKey("password") ? f.get("password").text() : null;
    if (password != null) {
      Secrets.register(password);
    }
    if (kind == WarehouseCatalog.Kind.LOCAL) {
      for (String key : new String[] {"uri", "namespace", "name", "user", "password", "properties"}) {
        if (f.containsKey(key)) {
          throw f.get(key).error("warehouse.%s is for a jdbc or rest catalog; the local catalog takes only "
              + "'location' (or write warehouse: FOLDER)", key);
        }
      }
      return WarehouseCatalog.local(location);
    }
    if (!f.containsKey("uri")) {
      throw node.error("warehouse.catalog %s needs 'uri' (%s)", kind.name().toLowerCase(Locale.ROOT),
          kind == WarehouseCatalog.Kind.JDBC ? "a JDBC URL such as jdbc:postgresql://host:5432/db"
              : "the REST catalog's base URL such as http://host:8181/api/catalog");
    }
    String uri = f.get("uri").text().trim();
    if (kind == WarehouseCatalog.Kind.JDBC && !uri.startsWith("jdbc:")) {
      throw f.get("uri").error("warehouse.uri must be a JDBC URL (jdbc:postgresql://host:5432/db) for a jdbc "
          + "catalog, found '%s'", Secrets.mask(uri));
    }
    if (kind == WarehouseCatalog.Kind.REST && !(uri.startsWith("http://") || uri.startsWith("https://"))) {
      throw f.get("uri").error("warehouse.uri must be an http:// or https:// URL for a rest catalog, found '%s'",
          Secrets.mask(uri));
    }
    String namespace = f.containsKey("namespace") ? f.get("namespace").text().trim() : defaultNamespace(projectName);
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw (f.containsKey("namespace") ? f.get("namespace") : node).error("warehouse.namespace '%s' must be names "
          + "of letters, digits and _ separated by dots%s", namespace,
          f.containsKey("namespace") ? "" : " (it defaults to the project name; set it explicitly)");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    if (f.containsKey("properties")) {
      f.get("properties").entries().forEach((k, v) -> properties.put(k, v.text()));
    }
    return new WarehouseCatalog(kind, uri, location, namespace,
        f.containsKey("name") ? f.get("name").text().trim() : null,
        f.containsKey("user") ? f.get("user").text().trim() : null, password, properties);
  }

  private static WarehouseCatalog.Kind kind(YNode node) {
    String t = node.text().trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "local", "hadoop" -> WarehouseCatalog.Kind.LOCAL;
      case "jdbc" -> WarehouseCatalog.Kind.JDBC;
      case "rest" -> WarehouseCatalog.Kind.REST;
      default -> throw node.error("warehouse.catalog must be local, jdbc or rest, found '%s'", t);
    };
  }

  /** The project name as an identifier (other characters become {@code _}). */
  private static String defaultNamespace(String projectName) {
    String n = projectName.replaceAll("[^A-Za-z0-9_]", "_");
    return n.isEmpty() || Character.isDigit(n.charAt(0)) ? "_" + n : n;
  }
}
