package io.millrace.lake.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.iceberg.LocationProviders;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * The metadata of one table in a local folder, in the layout of Iceberg's Hadoop tables
 * ({@code metadata/vN.metadata.json} plus {@code metadata/version-hint.text}, so any Iceberg reader of
 * path-based tables still reads them), written and read with java.nio instead of a Hadoop file system.
 *
 * <p>Why not {@code HadoopTableOperations}: after each commit it forgets the metadata it has just
 * written and parses the whole {@code vN.metadata.json} again on the next access (the file grows with
 * the table's snapshots), and a commit makes a dozen Hadoop file-system calls (version-hint deletion,
 * existence checks, a listing of the metadata folder, a rename under an in-memory lock with a
 * heartbeat thread). Here a commit writes the new metadata to a temporary file, publishes it with a
 * hard link (atomic, and fails if another writer published that version first), rewrites the version
 * hint, and keeps the committed metadata in memory; a refresh costs one existence check while no
 * other process committed.
 */
final class LocalTableOperations implements TableOperations {
  private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(gz\\.)?metadata\\.json");
  private static final String HINT = "version-hint.text";

  private final String location;
  private final Path metadataDir;
  private final FileIO io;

  private volatile TableMetadata current;
  private volatile Integer version;
  private volatile boolean shouldRefresh = true;

  /**
   * @param location the table's folder as Iceberg records it (no scheme, absolute)
   */
  LocalTableOperations(String location, FileIO io) {
    this.location = location;
    this.metadataDir = Path.of(location, "metadata");
    this.io = io;
  }

  @Override
  public TableMetadata current() {
    return shouldRefresh ? refresh() : current;
  }

  @Override
  public synchronized TableMetadata refresh() {
    int ver = version != null ? version : findVersion();
    Path file = metadataFile(ver);
    if (file == null) {
      if (version == null && ver == 0) {
        return null;   // no table (yet)
      }
      throw new ValidationException("Metadata file for version %d is missing in %s", ver, metadataDir);
    }
    for (Path next = metadataFile(ver + 1); next != null; next = metadataFile(ver + 1)) {
      ver++;
      file = next;
    }
    if (version == null || version != ver) {
      TableMetadata read = TableMetadataParser.read(io, file.toString());
      if (current != null && !current.uuid().equals(read.uuid())) {
        throw new ValidationException("Table UUID does not match: current=%s != refreshed=%s (in %s)",
            current.uuid(), read.uuid(), file);
      }
      current = read;
      version = ver;
    }
    shouldRefresh = false;
    return current;
  }

  @Override
  public synchronized void commit(TableMetadata base, TableMetadata metadata) {
    if (base != current) {
      throw new CommitFailedException("Cannot commit changes based on stale table metadata");
    }
    if (base == metadata) {
      return;
    }
    if (base != null && !base.location().equals(metadata.location())) {
      throw new IllegalArgumentException("Path-based tables cannot be relocated");
    }
    if (!TableMetadataParser.Codec.NONE.equals(TableMetadataParser.Codec.fromName(metadata.property(
        TableProperties.METADATA_COMPRESSION, TableProperties.METADATA_COMPRESSION_DEFAULT)))) {
      throw new IllegalArgumentException("Compressed table metadata is not supported in a Millrace warehouse");
    }
    int next = (version == null ? 0 : version) + 1;
    Path temp = metadataDir.resolve(UUID.randomUUID() + ".metadata.json.tmp");
    Path target = metadataDir.resolve("v" + next + ".metadata.json");
    try {
      TableMetadataParser.write(metadata, io.newOutputFile(temp.toString()));
      try {
        Files.createLink(target, temp);
      } catch (FileAlreadyExistsException e) {
        shouldRefresh = true;
        throw new CommitFailedException("Cannot commit version %d of table %s: another writer committed it first",
            next, location);
      } catch (UnsupportedOperationException e) {
        if (Files.exists(target)) {   // no hard links on this file system: check, then move
          shouldRefresh = true;
          throw new CommitFailedException("Cannot commit version %d of table %s: another writer committed it "
              + "first", next, location);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      shouldRefresh = true;
      throw new CommitFailedException(e, "Cannot commit version %d of table %s: %s", next, location, e.getMessage());
    } finally {
      deleteQuietly(temp);
    }
    // committed: keep the metadata as written instead of reading it back
    current = TableMetadata.buildFrom(metadata).discardChanges().withMetadataLocation(target.toString()).build();
    version = next;
    shouldRefresh = false;
    writeHint(next);
    deleteRemovedMetadataFiles(base, metadata);
  }

  /**
   * Takes over the newer metadata another instance of the same table committed or read (the writer's,
   * after a commit), so this one need not parse the file again. Never goes backwards.
   */
  void adopt(LocalTableOperations other) {
    TableMetadata metadata;
    Integer ver;
    synchronized (other) {
      metadata = other.current;
      ver = other.version;
    }
    if (metadata == null || ver == null) {
      return;
    }
    synchronized (this) {
      if ((version == null || ver > version) && (current == null || current.uuid().equals(metadata.uuid()))) {
        current = metadata;
        version = ver;
      }
    }
  }

  /** Best effort, as in Iceberg: readers find newer versions by probing for {@code v(N+1)}. */
  private void writeHint(int ver) {
    Path temp = metadataDir.resolve(UUID.randomUUID() + "-version-hint.temp");
    try {
      Files.writeString(temp, Integer.toString(ver), StandardCharsets.UTF_8);
      Files.move(temp, metadataDir.resolve(HINT), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(temp);
      System.getLogger(LocalTableOperations.class.getName()).log(System.Logger.Level.WARNING,
          "Cannot write " + metadataDir.resolve(HINT) + " (readers probe for newer versions): " + e.getMessage());
    }
  }

  private void deleteRemovedMetadataFiles(TableMetadata base, TableMetadata metadata) {
    if (base == null || !metadata.propertyAsBoolean(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED,
        TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED_DEFAULT)) {
      return;
    }
    Set<String> kept = new HashSet<>();
    metadata.previousFiles().forEach(e -> kept.add(e.file()));
    for (TableMetadata.MetadataLogEntry old : base.previousFiles()) {
      if (!kept.contains(old.file())) {
        try {
          io.deleteFile(old.file());
        } catch (RuntimeException e) {
          // garbage only: a later commit or recovery ignores it
        }
      }
    }
  }

  /** The version in the hint, or the highest one in the folder (0 when none). */
  private int findVersion() {
    try {
      return Integer.parseInt(Files.readString(metadataDir.resolve(HINT), StandardCharsets.UTF_8).trim());
    } catch (NoSuchFileException e) {
      // no hint (new table, or a crash between publishing and hinting): list the folder
    } catch (IOException | NumberFormatException e) {
      // unreadable hint: list the folder
    }
    if (!Files.isDirectory(metadataDir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(metadataDir)) {
      return files.map(f -> VERSION.matcher(f.getFileName().toString())).filter(Matcher::matches)
          .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + metadataDir, e);
    }
  }

  private Path metadataFile(int ver) {
    Path plain = metadataDir.resolve("v" + ver + ".metadata.json");
    if (Files.exists(plain)) {
      return plain;
    }
    Path gz = metadataDir.resolve("v" + ver + ".gz.metadata.json");
    return Files.exists(gz) ? gz : null;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover temporary file is harmless
    }
  }

  @Override
  public FileIO io() {
    return io;
  }

  @Override
  public LocationProvider locationProvider() {
    TableMetadata now = current();
    return LocationProviders.locationsFor(now.location(), now.properties());
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return location + "/metadata/" + fileName;
  }

  @Override
  public TableOperations temp(TableMetadata uncommitted) {
    LocalTableOperations outer = this;
    return new TableOperations() {
      @Override
      public TableMetadata current() {
        return uncommitted;
      }

      @Override
      public TableMetadata refresh() {
        throw new UnsupportedOperationException("Cannot call refresh on temporary table operations");
      }

      @Override
      public void commit(TableMetadata base, TableMetadata metadata) {
        throw new UnsupportedOperationException("Cannot call commit on temporary table operations");
      }

      @Override
      public String metadataFileLocation(String fileName) {
        return outer.metadataFileLocation(fileName);
      }

      @Override
      public LocationProvider locationProvider() {
        return LocationProviders.locationsFor(uncommitted.location(), uncommitted.properties());
      }

      @Override
      public FileIO io() {
        return outer.io;
      }

      @Override
      public EncryptionManager encryption() {
        return outer.encryption();
      }

      @Override
      public long newSnapshotId() {
        return outer.newSnapshotId();
      }
    };
  }
}
