package io.millrace.lake.internal;

import io.millrace.api.MillraceException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Resolves the file locations recorded in Iceberg metadata against the warehouse folder where the
 * tables are now, so a project keeps working after it is moved or copied.
 *
 * <p>Why: Iceberg records absolute locations (manifest lists, manifests, data files). After
 * {@code mv P P2} those no longer exist; after {@code cp -r P P2} they point into P, so P2 would
 * silently read (and expire, delete) P's files. Every file of a Millrace table lives at
 * {@code <warehouse>/<table>/data/<file>} or {@code <warehouse>/<table>/metadata/<file>}, so a
 * recorded location is resolved by its last three names inside this warehouse. A location that is
 * neither inside this warehouse nor of that shape is refused: a table never reads files outside its
 * project's warehouse.
 */
public final class WarehousePaths {
  private final Path root;

  public WarehousePaths(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /**
   * The local file a recorded location denotes in this warehouse.
   *
   * @throws MillraceException USER when the location is outside the warehouse and not a table file
   */
  public Path resolve(String location) {
    Path path = toPath(location).normalize();
    if (path.startsWith(root)) {
      return path;
    }
    int n = path.getNameCount();
    if (n >= 3) {
      String dir = path.getName(n - 2).toString();
      if ((dir.equals("data") || dir.equals("metadata")) && LocalCatalog.isTableName(path.getName(n - 3).toString())) {
        return root.resolve(path.subpath(n - 3, n));
      }
    }
    throw MillraceException.user("Cannot read file %s: it is outside the warehouse %s, and Millrace reads "
        + "only files inside the project's warehouse", location, root);
  }

  private static Path toPath(String location) {
    return location.startsWith("file:") ? Paths.get(URI.create(location)) : Paths.get(location);
  }
}
