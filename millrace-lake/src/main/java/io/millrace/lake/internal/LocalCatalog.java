package io.millrace.lake.internal;

import io.millrace.api.MillraceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.hadoop.HadoopCatalog;

/**
 * The Iceberg tables of one warehouse folder: a {@link HadoopCatalog} with a single (empty)
 * namespace, so table {@code t} lives in {@code <folder>/t/}. Thread-safe.
 *
 * <p>Loaded {@link Table}s are cached and refreshed before use (another process may have committed).
 * Every access to one table runs under that table's lock: Iceberg's Hadoop table operations are not
 * meant to be refreshed and committed from several threads at once, and holding the lock across a
 * commit serializes commits to one table while different tables commit in parallel.
 */
public final class LocalCatalog implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

  /** Properties of every table created here. */
  private static final Map<String, String> TABLE_PROPERTIES = Map.of(
      TableProperties.FORMAT_VERSION, "2",
      // old metadata.json files are garbage; snapshots (time travel) are kept regardless
      TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
      TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "20");

  private final Path folder;
  private final HadoopCatalog catalog;
  private final ConcurrentMap<String, Table> cache = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  private LocalCatalog(Path folder, HadoopCatalog catalog) {
    this.folder = folder;
    this.catalog = catalog;
  }

  /** Opens (creating the folder if needed) the catalog of a warehouse folder. */
  public static LocalCatalog open(Path folder) {
    Path abs = folder.toAbsolutePath().normalize();
    try {
      Files.createDirectories(abs);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot open warehouse %s: %s", abs, e.getMessage());
    }
    return new LocalCatalog(abs, new HadoopCatalog(hadoopConf(), abs.toString()));
  }

  /**
   * A Hadoop configuration without the XML defaults (nothing here needs them; parsing them costs
   * ~100 ms) whose {@code file:} file system is {@link NioLocalFileSystem}. Hadoop caches file systems
   * per scheme and user, not per configuration: if another component of this JVM created the local
   * file system first, that one is shared, which is only slower, never wrong.
   */
  private static Configuration hadoopConf() {
    Configuration conf = new Configuration(false);
    conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
    return conf;
  }

  public Path folder() {
    return folder;
  }

  /**
   * @throws MillraceException USER when {@code name} is not letters, digits and underscores
   */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw MillraceException.user("Cannot use table name '%s': use only letters, digits and '_'", name);
    }
    return name;
  }

  /** Runs {@code action} holding the table's lock. */
  public <T> T locked(String name, Supplier<T> action) {
    ReentrantLock lock = locks.computeIfAbsent(checkName(name), n -> new ReentrantLock());
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  /** The table, refreshed; empty when it does not exist. Call under the table's lock. */
  public Optional<Table> find(String name) {
    Table cached = cache.get(name);
    if (cached != null) {
      cached.refresh();
      return Optional.of(cached);
    }
    try {
      Table table = catalog.loadTable(id(name));
      cache.put(name, table);
      return Optional.of(table);
    } catch (NoSuchTableException e) {
      return Optional.empty();
    }
  }

  /**
   * The table, refreshed. Call under the table's lock.
   *
   * @throws MillraceException USER naming the warehouse and its tables when there is no such table
   */
  public Table require(String name) {
    return find(name).orElseThrow(() -> MillraceException.user(
        "Cannot read table '%s': no such table in warehouse %s/ (tables: %s)", name, folder,
        names().isEmpty() ? "none" : String.join(", ", names())));
  }

  /**
   * Table names, sorted: the sub-folders holding Iceberg metadata. (HadoopCatalog cannot list the
   * empty namespace, so this applies its rule itself: a table folder has {@code metadata/*.metadata.json}.)
   */
  public List<String> names() {
    try (Stream<Path> dirs = Files.list(folder)) {
      return dirs.filter(d -> NAME.matcher(d.getFileName().toString()).matches() && isTable(d))
          .map(d -> d.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot list tables of warehouse %s: %s", folder, e.getMessage());
    }
  }

  private static boolean isTable(Path dir) {
    Path metadata = dir.resolve("metadata");
    if (!Files.isDirectory(metadata)) {
      return false;
    }
    try (Stream<Path> files = Files.list(metadata)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".metadata.json"));
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot list tables of warehouse %s: %s", dir.getParent(),
          e.getMessage());
    }
  }

  /** A transaction creating the table with exactly these field ids. */
  public Transaction createTransaction(String name, Schema schema) {
    return catalog.buildTable(id(name), schema)
        .withPartitionSpec(PartitionSpec.unpartitioned())
        .withProperties(TABLE_PROPERTIES)
        .createTransaction();
  }

  /** Drops a cached table (after a failed commit its state is uncertain). */
  public void forget(String name) {
    cache.remove(name);
  }

  private static TableIdentifier id(String name) {
    return TableIdentifier.of(Namespace.empty(), name);
  }

  @Override
  public void close() {
    cache.clear();
    try {
      catalog.close();
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot close warehouse %s: %s", folder, e.getMessage());
    }
  }
}
