package io.millrace.lake.internal;

import io.millrace.api.MillraceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.io.FileIO;

/**
 * Repairs a table whose metadata cannot be read: roll back to the newest metadata version that reads
 * (with its current snapshot's manifest list present), or drop the table so the next run rebuilds it.
 *
 * <p>Why this works: a Hadoop-catalog table is the highest {@code metadata/v<N>.metadata.json}
 * (pointed to by {@code version-hint.text}), and each commit keeps the previous versions (up to 20).
 * Moving the unreadable newer versions aside and pointing the hint at the good one makes that version
 * current again; the next commit continues from it. Nothing is deleted: set-aside files go to
 * {@code metadata/corrupt/}, a dropped table to {@code <warehouse>/.dropped/}.
 */
public final class TableRecovery {
  private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(?:[a-z]+\\.)?metadata\\.json");

  private TableRecovery() {}

  /** The highest-numbered metadata file of a table folder, if any. */
  static Optional<Path> latestMetadata(Path tableDir) {
    List<Path> versions = versions(tableDir);
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(0));
  }

  /**
   * Rolls an unreadable table back to its newest readable metadata version. Call under the table's
   * commit lock.
   *
   * @return what was done, for the user
   * @throws MillraceException USER when no version reads (then only {@link #drop} helps)
   */
  public static String recover(LocalCatalog catalog, String table) {
    if (!catalog.isLocal()) {
      return recoverInCatalog(catalog, table);
    }
    Path dir = catalog.folder().resolve(LocalCatalog.checkName(table));
    List<Path> versions = versions(dir);
    if (versions.isEmpty()) {
      throw catalog.noSuchTable(table);
    }
    List<Path> bad = new ArrayList<>();
    for (Path file : versions) {
      Optional<TableMetadata> metadata = readable(catalog.io(), file);
      if (metadata.isEmpty()) {
        bad.add(file);
        continue;
      }
      if (bad.isEmpty()) {
        return String.format("Table '%s' reads fine (metadata %s): nothing to recover", table, file.getFileName());
      }
      setAside(dir, bad);
      writeHint(dir, version(file));
      catalog.forget(table);
      Snapshot current = metadata.get().currentSnapshot();
      return String.format("Rolled table '%s' back to metadata %s (snapshot %s%s); set aside %d unreadable "
              + "version(s) in %s", table, file.getFileName(), current == null ? "none" : current.snapshotId(),
          current == null ? "" : ", committed " + Instant.ofEpochMilli(current.timestampMillis()), bad.size(),
          dir.resolve("metadata").resolve("corrupt"));
    }
    throw MillraceException.user("Cannot recover table '%s': none of its %d metadata versions in %s reads; drop "
        + "it with `millrace tables PROJECT --drop %s` and run the project again to rebuild it", table,
        versions.size(), dir.resolve("metadata"), table);
  }

  /** Metadata files a JDBC or REST catalog writes: {@code 00012-<uuid>.metadata.json}. */
  private static final Pattern CATALOG_VERSION = Pattern.compile("(\\d+)-[0-9a-fA-F-]+\\.(?:[a-z]+\\.)?metadata\\.json");

  /**
   * A shared catalog's table whose current metadata cannot be read: points the catalog at the newest
   * readable metadata file of the table's folder (drop the catalog entry, keeping the files, then
   * register that file; another writer committing in between makes this fail, and it can be run
   * again). Unreadable newer files are set aside in {@code metadata/corrupt/}.
   */
  private static String recoverInCatalog(LocalCatalog catalog, String table) {
    org.apache.iceberg.catalog.TableIdentifier id = catalog.identifier(table);
    try {
      org.apache.iceberg.Table t = catalog.catalog().loadTable(id);
      Snapshot current = t.currentSnapshot();
      if (current == null || catalog.io().newInputFile(current.manifestListLocation()).exists()) {
        return String.format("Table '%s' reads fine: nothing to recover", table);
      }
    } catch (org.apache.iceberg.exceptions.NoSuchTableException e) {
      throw catalog.noSuchTable(table);
    } catch (RuntimeException e) {
      // unreadable: recover below
    }
    Path dir = catalog.folder().resolve(table);
    Path metadataDir = dir.resolve("metadata");
    List<Path> versions;
    try (Stream<Path> files = Files.isDirectory(metadataDir) ? Files.list(metadataDir) : Stream.empty()) {
      versions = files.filter(f -> CATALOG_VERSION.matcher(f.getFileName().toString()).matches())
          .sorted(Comparator.comparingLong(TableRecovery::catalogVersion).reversed()).toList();
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot list metadata of %s: %s", dir, e.getMessage());
    }
    List<Path> bad = new ArrayList<>();
    for (Path file : versions) {
      Optional<TableMetadata> metadata = readable(catalog.io(), file);
      if (metadata.isEmpty()) {
        bad.add(file);
        continue;
      }
      try {
        catalog.catalog().dropTable(id, false);
        catalog.catalog().registerTable(id, file.toString());
      } catch (RuntimeException e) {
        throw MillraceException.external(e, "Cannot recover table '%s' in %s: registering %s failed: %s", table,
            catalog.where(), file, SharedCatalogs.rootMessage(e));
      }
      setAside(dir, bad);
      catalog.forget(table);
      Snapshot current = metadata.get().currentSnapshot();
      return String.format("Rolled table '%s' back to metadata %s (snapshot %s); set aside %d unreadable file(s) "
          + "in %s", table, file.getFileName(), current == null ? "none" : current.snapshotId(), bad.size(),
          metadataDir.resolve("corrupt"));
    }
    throw MillraceException.user("Cannot recover table '%s': none of its %d metadata files in %s reads; drop "
        + "it with `millrace tables PROJECT --drop %s` and run the project again to rebuild it", table,
        versions.size(), metadataDir, table);
  }

  private static long catalogVersion(Path file) {
    Matcher m = CATALOG_VERSION.matcher(file.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /**
   * Moves a table's folder out of the warehouse (into {@code <warehouse>/.dropped/}). Call under the
   * table's commit lock.
   *
   * @return where the table's files went
   */
  public static Path drop(LocalCatalog catalog, String table) {
    Path dir = catalog.folder().resolve(LocalCatalog.checkName(table));
    if (!catalog.isLocal()) {
      // the catalog entry first (files stay): a table the catalog no longer lists is dropped even if
      // moving its folder fails
      try {
        if (!catalog.catalog().dropTable(catalog.identifier(table), false)) {
          throw catalog.noSuchTable(table);
        }
      } catch (MillraceException e) {
        throw e;
      } catch (RuntimeException e) {
        throw MillraceException.external(e, "Cannot drop table '%s' from %s: %s", table, catalog.where(),
            SharedCatalogs.rootMessage(e));
      }
      catalog.forget(table);
      if (!Files.isDirectory(dir)) {
        return dir;
      }
    } else if (!Files.isDirectory(dir)) {
      throw catalog.noSuchTable(table);
    }
    Path target = catalog.folder().resolve(".dropped").resolve(table + "-" + System.currentTimeMillis());
    try {
      Files.createDirectories(target.getParent());
      Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot drop table '%s': cannot move %s to %s: %s", table, dir, target,
          e.getMessage());
    }
    catalog.forget(table);
    return target;
  }

  private static Optional<TableMetadata> readable(FileIO io, Path file) {
    try {
      TableMetadata metadata = TableMetadataParser.read(io, file.toString());
      Snapshot current = metadata.currentSnapshot();
      if (current != null && !io.newInputFile(current.manifestListLocation()).exists()) {
        return Optional.empty();
      }
      return Optional.of(metadata);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void setAside(Path dir, List<Path> files) {
    Path corrupt = dir.resolve("metadata").resolve("corrupt");
    try {
      Files.createDirectories(corrupt);
      for (Path f : files) {
        Files.move(f, corrupt.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot recover table in %s: cannot move unreadable metadata to %s: %s",
          dir, corrupt, e.getMessage());
    }
  }

  private static void writeHint(Path dir, int version) {
    Path hint = dir.resolve("metadata").resolve("version-hint.text");
    Path tmp = hint.resolveSibling("version-hint.text.tmp");
    try {
      Files.writeString(tmp, String.valueOf(version), StandardCharsets.UTF_8);
      Files.move(tmp, hint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot recover table in %s: cannot write %s: %s", dir, hint, e.getMessage());
    }
  }

  /** Metadata files, highest version first. */
  private static List<Path> versions(Path tableDir) {
    Path metadata = tableDir.resolve("metadata");
    if (!Files.isDirectory(metadata)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(metadata)) {
      return files.filter(f -> VERSION.matcher(f.getFileName().toString()).matches())
          .sorted(Comparator.comparingInt(TableRecovery::version).reversed()).toList();
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot list metadata of %s: %s", tableDir, e.getMessage());
    }
  }

  private static int version(Path file) {
    Matcher m = VERSION.matcher(file.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }
}
