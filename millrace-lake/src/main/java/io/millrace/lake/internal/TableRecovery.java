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

  /**
   * Moves a table's folder out of the warehouse (into {@code <warehouse>/.dropped/}). Call under the
   * table's commit lock.
   *
   * @return where the table's files went
   */
  public static Path drop(LocalCatalog catalog, String table) {
    Path dir = catalog.folder().resolve(LocalCatalog.checkName(table));
    if (!Files.isDirectory(dir)) {
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
