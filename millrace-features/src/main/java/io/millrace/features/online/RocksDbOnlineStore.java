package io.millrace.features.online;

import io.millrace.api.MillraceException;
import io.millrace.features.online.internal.EncodedStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The embedded online store: one RocksDB database (by default {@code P/.millrace/online/}), keys
 * {@code view + entity key}, values the encoded row.
 *
 * <p>Design notes. RocksDB lets one process write a database. Writers ({@code materialize}, a
 * stream job's online feed) {@link #open} it as the primary for their run; a second writer is
 * refused with a clear error instead of waiting. Readers ({@code serve}) {@link #openReader open
 * it as a secondary instance}: no lock, so they run beside any writer, and before a lookup they
 * catch up with the primary's manifest and write-ahead log when the last catch-up is older than
 * {@code catchUpMillis} (default 1 ms), so a write is visible to the server within milliseconds
 * without the writer flushing. Point lookups use a bloom filter and an LRU block cache; batches are
 * one {@code multiGet}. Thread-safe.
 */
public final class RocksDbOnlineStore extends EncodedStore {
  private static final byte META = 0;
  private static final long CACHE_BYTES = 128L << 20;

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final Path secondaryDir;
  private final RocksDB db;
  private final Options options;
  private final LRUCache cache;
  private final WriteOptions writeOptions = new WriteOptions();
  private final ReadOptions readOptions = new ReadOptions();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock catchUpLock = new ReentrantLock();
  private final long catchUpNanos;
  private volatile long lastCatchUp;

  private RocksDbOnlineStore(Path dir, Path secondaryDir, long catchUpMillis) {
    this.dir = dir;
    this.secondaryDir = secondaryDir;
    this.catchUpNanos = catchUpMillis * 1_000_000L;
    this.cache = new LRUCache(CACHE_BYTES);
    this.options = options(cache);
    try {
      Files.createDirectories(dir);
      if (secondaryDir == null) {
        db = RocksDB.open(options, dir.toString());
      } else {
        if (!Files.exists(dir.resolve("CURRENT"))) {
          createEmpty(dir);
        }
        db = RocksDB.openAsSecondary(options, dir.toString(), secondaryDir.toString());
        lastCatchUp = System.nanoTime();
      }
    } catch (RocksDBException | IOException e) {
      options.close();
      cache.close();
      throw openError(dir, secondaryDir == null, e);
    }
  }

  /** Opens (creating if needed) the store for writing; one writing process at a time. */
  public static RocksDbOnlineStore open(Path dir) {
    return new RocksDbOnlineStore(dir.toAbsolutePath(), null, 0);
  }

  /**
   * Opens the store for reading beside a writer in another process (a RocksDB secondary instance),
   * catching up with it before a read when the last catch-up is at least {@code catchUpMillis} old
   * (0: before every read).
   */
  public static RocksDbOnlineStore openReader(Path dir, long catchUpMillis) {
    Path abs = dir.toAbsolutePath();
    try {
      Files.createDirectories(abs.getParent());
      Path secondary = Files.createTempDirectory(abs.getParent(), abs.getFileName() + "-reader-");
      return new RocksDbOnlineStore(abs, secondary, catchUpMillis);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot open the online store %s for reading: %s", abs, e.getMessage());
    }
  }

  public static RocksDbOnlineStore openReader(Path dir) {
    return openReader(dir, 1);
  }

  /** Whether this handle only reads (a secondary instance). */
  public boolean readOnly() {
    return secondaryDir != null;
  }

  /** A reader sees the primary's writes up to now (no-op for the writer). */
  public void catchUp() {
    if (secondaryDir == null) {
      return;
    }
    catchUpLock.lock();
    try {
      db.tryCatchUpWithPrimary();
      lastCatchUp = System.nanoTime();
    } catch (RocksDBException e) {
      throw MillraceException.external(e, "Cannot read the online store %s: catching up with its writer failed: %s",
          dir, e.getMessage());
    } finally {
      catchUpLock.unlock();
    }
  }

  @Override
  protected List<byte[]> getAll(List<byte[]> keys) {
    maybeCatchUp();
    try {
      return db.multiGetAsList(readOptions, keys);
    } catch (RocksDBException e) {
      throw MillraceException.external(e, "Cannot read the online store %s: %s", dir, e.getMessage());
    }
  }

  @Override
  protected void upsert(List<byte[]> keys, List<byte[]> rows, long[] eventMicros) {
    checkWritable();
    writeLock.lock();
    try (WriteBatch batch = new WriteBatch()) {
      List<byte[]> old = db.multiGetAsList(readOptions, keys);
      for (int i = 0; i < keys.size(); i++) {
        byte[] o = old.get(i);
        if (o == null || io.millrace.features.online.internal.RowCodec.eventMicros(o) <= eventMicros[i]) {
          batch.put(keys.get(i), rows.get(i));
        }
      }
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw MillraceException.external(e, "Cannot write to the online store %s: %s", dir, e.getMessage());
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  protected byte[] meta(String view, String name) {
    maybeCatchUp();
    try {
      return db.get(readOptions, metaKey(view, name));
    } catch (RocksDBException e) {
      throw MillraceException.external(e, "Cannot read the online store %s: %s", dir, e.getMessage());
    }
  }

  @Override
  protected void meta(String view, String name, byte[] value) {
    checkWritable();
    try {
      db.put(writeOptions, metaKey(view, name), value);
    } catch (RocksDBException e) {
      throw MillraceException.external(e, "Cannot write to the online store %s: %s", dir, e.getMessage());
    }
  }

  @Override
  protected String describe() {
    return "rocksdb " + dir;
  }

  @Override
  public void close() {
    if (secondaryDir == null) {
      try {
        db.flushWal(true);
      } catch (RocksDBException e) {
        // closing still syncs what it can; the WAL is replayed on the next open
      }
    }
    db.close();
    readOptions.close();
    writeOptions.close();
    options.close();
    cache.close();
    if (secondaryDir != null) {
      deleteQuietly(secondaryDir);
    }
  }

  private void maybeCatchUp() {
    if (secondaryDir != null && System.nanoTime() - lastCatchUp >= catchUpNanos && catchUpLock.tryLock()) {
      try {
        db.tryCatchUpWithPrimary();
        lastCatchUp = System.nanoTime();
      } catch (RocksDBException e) {
        throw MillraceException.external(e, "Cannot read the online store %s: catching up with its writer failed: %s",
            dir, e.getMessage());
      } finally {
        catchUpLock.unlock();
      }
    }
  }

  private void checkWritable() {
    if (secondaryDir != null) {
      throw MillraceException.internal(null, "Cannot write to the online store %s: this handle was opened for reading", dir);
    }
  }

  private static byte[] metaKey(String view, String name) {
    byte[] v = view.getBytes(StandardCharsets.UTF_8);
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] k = new byte[2 + v.length + n.length];
    k[0] = META;
    System.arraycopy(v, 0, k, 1, v.length);
    k[1 + v.length] = 0;
    System.arraycopy(n, 0, k, 2 + v.length, n.length);
    return k;
  }

  private static Options options(LRUCache cache) {
    BlockBasedTableConfig table = new BlockBasedTableConfig()
        .setBlockCache(cache)
        .setFilterPolicy(new BloomFilter(10, false))
        .setWholeKeyFiltering(true)
        .setCacheIndexAndFilterBlocks(true)
        .setPinL0FilterAndIndexBlocksInCache(true)
        .setBlockSize(8 * 1024);
    return new Options()
        .setCreateIfMissing(true)
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setTableFormatConfig(table)
        .setMaxOpenFiles(-1) // required by secondary instances
        .setKeepLogFileNum(2)
        .setMaxBackgroundJobs(2);
  }

  private static void createEmpty(Path dir) throws RocksDBException {
    try (Options o = new Options().setCreateIfMissing(true); RocksDB created = RocksDB.open(o, dir.toString())) {
      created.flushWal(true);
    } catch (RocksDBException e) {
      if (!isLock(e)) {
        throw e; // a writer creating it at the same time is fine: it exists now
      }
    }
  }

  private static boolean isLock(RocksDBException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return m.contains("lock") || m.contains("resource temporarily unavailable");
  }

  private static MillraceException openError(Path dir, boolean writer, Exception e) {
    if (writer && e instanceof RocksDBException r && isLock(r)) {
      return MillraceException.external(e, "Cannot open the online store %s for writing: another process is writing "
          + "it (a running `millrace materialize` or `millrace stream` with online features); RocksDB allows one "
          + "writer at a time: wait for it to finish, or use Redis (online_store: redis://...)", dir);
    }
    return MillraceException.external(e, "Cannot open the online store %s: %s", dir, e.getMessage());
  }

  private static void deleteQuietly(Path p) {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      // a leftover reader folder is harmless
    }
  }

}
