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
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import io.millrace.api.project.WarehouseCatalog;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.FileIO;

/**
 * The Iceberg tables of one warehouse: their files are in a local (or mounted, shared) folder,
 * table {@code t} in {@code <folder>/t/}; the pointer to each table's current metadata is kept by an
 * Iceberg {@link Catalog} chosen by {@link WarehouseCatalog}: a {@link HadoopCatalog} with a single
 * (empty) namespace (the pointer is {@code <folder>/t/metadata/version-hint.text}, the default), a
 * {@link JdbcCatalog} (a row in a database, shared by several processes) or a {@link RESTCatalog}.
 * Thread-safe.
 *
 * <p>Design notes. Loaded {@link Table}s are cached and refreshed before use (another process may
 * have committed). Writers and readers use separate instances under separate per-table locks:
 * Iceberg's Hadoop table operations are not meant to be refreshed and committed from several threads
 * at once, so a commit holds the table's commit lock from planning to the metadata rename, while a
 * reader ({@code exists}, {@code schema}, {@code files}) only refreshes its own instance and never
 * waits for a commit in progress (it sees the last completed one). Every file access goes through
 * {@link WarehouseFileIO}, which resolves recorded locations inside this folder (a moved or copied
 * project keeps working). A table whose metadata cannot be read fails with an error naming it and the
 * way to recover ({@link TableErrors}), and leaves other tables usable.
 */
public final class LocalCatalog implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

  /** Properties of every table created here. */
  private static final Map<String, String> TABLE_PROPERTIES = Map.of(
      TableProperties.FORMAT_VERSION, "2",
      // old metadata.json files are garbage beyond a few kept for recovery; snapshots follow the retention
      TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
      TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "20",
      // writers in other processes (a shared catalog) make commits collide: Iceberg re-applies the
      // update on the new metadata, soon (its default waits 100 ms, then 200, 400... and gives up after 4)
      TableProperties.COMMIT_NUM_RETRIES, "10",
      TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "5",
      TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "1000");

  private final Path folder;
  private final WarehouseCatalog spec;
  private final Catalog catalog;
  private final Namespace namespace;
  private final WarehousePaths paths;
  private final WarehouseFileIO io = new WarehouseFileIO();
  private final ConcurrentMap<String, Table> writers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Table> readers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ReentrantLock> commitLocks = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ReentrantLock> readLocks = new ConcurrentHashMap<>();

  private LocalCatalog(WarehouseCatalog spec, Path folder, Catalog catalog, Namespace namespace) {
    this.spec = spec;
    this.folder = folder;
    this.catalog = catalog;
    this.namespace = namespace;
    this.paths = new WarehousePaths(folder);
    io.initialize(Map.of(WarehouseFileIO.ROOT, folder.toString()));
  }

  /** Opens (creating the folder if needed) the catalog of a warehouse folder. */
  public static LocalCatalog open(Path folder) {
    return open(WarehouseCatalog.local(folder));
  }

  /**
   * Opens the warehouse's catalog, creating the files' folder and (JDBC, REST) the namespace if needed.
   *
   * @throws MillraceException EXTERNAL when the folder cannot be created or the catalog not reached
   */
  public static LocalCatalog open(WarehouseCatalog spec) {
    Path abs = spec.location().toAbsolutePath().normalize();
    try {
      Files.createDirectories(abs);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot open warehouse %s: %s", abs, e.getMessage());
    }
    if (spec.kind() == WarehouseCatalog.Kind.LOCAL) {
      HadoopCatalog catalog = new NioCatalog();
      catalog.setConf(hadoopConf());
      catalog.initialize("millrace", Map.of(
          CatalogProperties.WAREHOUSE_LOCATION, abs.toString(),
          CatalogProperties.FILE_IO_IMPL, WarehouseFileIO.class.getName(),
          WarehouseFileIO.ROOT, abs.toString()));
      return new LocalCatalog(spec, abs, catalog, Namespace.empty());
    }
    Namespace ns = Namespace.of(spec.namespace().split("\\."));
    Catalog catalog = SharedCatalogs.open(spec, abs);
    try {
      SharedCatalogs.ensureNamespace(catalog, ns, spec);
    } catch (RuntimeException e) {
      closeQuietly(catalog);
      throw e;
    }
    return new LocalCatalog(spec, abs, catalog, ns);
  }

  private static void closeQuietly(Catalog catalog) {
    if (catalog instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // already failing
      }
    }
  }

  /** The catalog setting this warehouse was opened with. */
  public WarehouseCatalog spec() {
    return spec;
  }

  /** True for the default path-based catalog (metadata pointer in the table folder). */
  public boolean isLocal() {
    return spec.kind() == WarehouseCatalog.Kind.LOCAL;
  }

  /** The Iceberg catalog (for repairs that go through it). */
  public Catalog catalog() {
    return catalog;
  }

  /** The catalog's identifier of a table. */
  public TableIdentifier identifier(String name) {
    return id(checkName(name));
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

  public WarehousePaths paths() {
    return paths;
  }

  /** The file access of every table of this warehouse. */
  public FileIO io() {
    return io;
  }

  /**
   * @throws MillraceException USER when {@code name} is not letters, digits and underscores
   */
  public static String checkName(String name) {
    if (!isTableName(name)) {
      throw MillraceException.user("Cannot use table name '%s': use only letters, digits and '_'", name);
    }
    return name;
  }

  static boolean isTableName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** Runs {@code action} holding the table's commit lock. */
  public <T> T locked(String name, Supplier<T> action) {
    return withLock(commitLocks, name, action);
  }

  /**
   * Runs {@code action} on the reader instance of the table (empty when there is no such table),
   * without waiting for a commit in progress.
   *
   * @throws MillraceException naming the table when its metadata or files cannot be read
   */
  public <T> T read(String name, Function<Optional<Table>, T> action) {
    return withLock(readLocks, name, () -> {
      Optional<Table> table = load(readers, name);
      try {
        return action.apply(table);
      } catch (MillraceException e) {
        throw e;
      } catch (RuntimeException e) {
        readers.remove(name);
        throw TableErrors.unreadable(name, this, e);
      }
    });
  }

  private static <T> T withLock(ConcurrentMap<String, ReentrantLock> locks, String name, Supplier<T> action) {
    ReentrantLock lock = locks.computeIfAbsent(checkName(name), n -> new ReentrantLock());
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  /** The writer instance of the table, refreshed; empty when it does not exist. Call under the commit lock. */
  public Optional<Table> find(String name) {
    return load(writers, name);
  }

  private Optional<Table> load(ConcurrentMap<String, Table> cache, String name) {
    try {
      Table cached = cache.get(name);
      if (cached != null) {
        cached.refresh();
        return Optional.of(cached);
      }
      Table table = catalog.loadTable(id(name));
      cache.put(name, table);
      return Optional.of(table);
    } catch (NoSuchTableException e) {
      return Optional.empty();
    } catch (MillraceException e) {
      cache.remove(name);
      throw e;
    } catch (RuntimeException e) {
      cache.remove(name);
      throw TableErrors.unreadable(name, this, e);
    }
  }

  /**
   * The writer instance of the table, refreshed. Call under the commit lock.
   *
   * @throws MillraceException USER naming the warehouse and its tables when there is no such table
   */
  public Table require(String name) {
    return find(name).orElseThrow(() -> noSuchTable(name));
  }

  public MillraceException noSuchTable(String name) {
    List<String> names = names();
    return MillraceException.user("Cannot read table '%s': no such table in %s (tables: %s)", name,
        where(), names.isEmpty() ? "none" : String.join(", ", names));
  }

  /** The warehouse for messages: its folder, or the catalog, namespace and folder. */
  public String where() {
    return isLocal() ? "warehouse " + folder + "/" : spec.toString();
  }

  /**
   * Table names, sorted. Local: the sub-folders holding Iceberg metadata (HadoopCatalog cannot list
   * the empty namespace, so this applies its rule itself: a table folder has
   * {@code metadata/*.metadata.json}). JDBC, REST: the catalog's tables of the namespace.
   */
  public List<String> names() {
    if (!isLocal()) {
      try {
        return catalog.listTables(namespace).stream().map(TableIdentifier::name).filter(LocalCatalog::isTableName)
            .sorted().toList();
      } catch (RuntimeException e) {
        throw MillraceException.external(e, "Cannot list the tables of %s: %s", spec, e.getMessage());
      }
    }
    try (Stream<Path> dirs = Files.list(folder)) {
      return dirs.filter(d -> isTableName(d.getFileName().toString()) && isTable(d))
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
    Catalog.TableBuilder builder = catalog.buildTable(id(name), schema)
        .withPartitionSpec(PartitionSpec.unpartitioned())
        .withProperties(TABLE_PROPERTIES);
    if (!isLocal()) {
      // the same layout as a local warehouse: <location>/<table>/data|metadata
      builder = builder.withLocation(folder.resolve(name).toString());
    }
    return builder.createTransaction();
  }

  /**
   * Hands the metadata the writer instance just committed to the reader instance, so readers do not
   * parse the new metadata file again. Call under the commit lock, after a commit.
   */
  public void shareWithReaders(String name) {
    if (writers.get(name) instanceof HasTableOperations w && readers.get(name) instanceof HasTableOperations r
        && w.operations() instanceof LocalTableOperations from && r.operations() instanceof LocalTableOperations to) {
      to.adopt(from);
    }
  }

  /** Drops the cached instances of a table (after a failed commit, or a repair, their state is uncertain). */
  public void forget(String name) {
    writers.remove(name);
    readers.remove(name);
  }

  /**
   * Iceberg's Hadoop catalog (table folders, creation, loading) with each table's metadata read and
   * committed by {@link LocalTableOperations} instead of a Hadoop file system.
   */
  private static final class NioCatalog extends HadoopCatalog {
    private final WarehouseFileIO tableIo = new WarehouseFileIO();

    @Override
    public void initialize(String name, Map<String, String> properties) {
      super.initialize(name, properties);
      tableIo.initialize(properties);
    }

    @Override
    protected TableOperations newTableOps(TableIdentifier identifier) {
      return new LocalTableOperations(defaultWarehouseLocation(identifier), tableIo);
    }
  }

  private TableIdentifier id(String name) {
    return TableIdentifier.of(namespace, name);
  }

  @Override
  public void close() {
    writers.clear();
    readers.clear();
    try {
      if (catalog instanceof AutoCloseable c) {
        c.close();
      }
    } catch (Exception e) {
      throw MillraceException.external(e, "Cannot close %s: %s", where(), e.getMessage());
    }
  }
}
