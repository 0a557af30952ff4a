package io.millrace.stream.kafka.internal;

import io.millrace.api.MillraceException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * An append-only, on-disk queue of records waiting for a broker: numbered segment files
 * ({@code 00000000000000000001.seg}, ...) read oldest first.
 *
 * <p>Record layout: {@code int keyLength (-1: null key), int valueLength, key, value, int crc32}
 * of the lengths, key and value. A record is written with one {@code write} call straight to the
 * file (no buffering in this process), so a crash of the process loses nothing written; the file is
 * fsynced at most every second, when a segment is sealed and on close, so a power loss can lose the
 * last second of appended records. On open, a torn record at the end of a segment (a crash in the
 * middle of a write) is cut off.
 *
 * <p>Forwarding progress is kept in {@code forwarded} ({@code segment count}, replaced atomically
 * after each acknowledged chunk); a segment is deleted only once every record in it has been
 * acknowledged. Thread-safe: all methods synchronize on the buffer.
 */
public final class DiskBuffer implements AutoCloseable {
  /** A buffered record. */
  public record Entry(byte[] key, byte[] value) {}

  /** The records of a segment still to forward, after the {@code forwarded} ones already acknowledged. */
  public record Pending(Path segment, long forwarded, List<Entry> entries) {}

  private static final long SEGMENT_BYTES = 16L * 1024 * 1024;
  private static final long FSYNC_INTERVAL_NANOS = 1_000_000_000L;
  private static final String CHECKPOINT = "forwarded";

  private final Path dir;
  private final Deque<Path> sealed = new ArrayDeque<>();
  private long nextSegment;
  private FileChannel active;
  private Path activePath;
  private long activeBytes;
  private long activeRecords;
  private long pending;
  private long lastSync = System.nanoTime();

  private DiskBuffer(Path dir) {
    this.dir = dir;
  }

  /** Opens (or creates) the buffer in {@code dir}, recovering segments left by an earlier process. */
  public static DiskBuffer open(Path dir) {
    DiskBuffer b = new DiskBuffer(dir);
    try {
      Files.createDirectories(dir);
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".seg")).sorted().toList()) {
          long n = recover(p);
          if (n == 0) {
            Files.delete(p);
          } else {
            b.sealed.add(p);
            b.pending += n;
          }
          b.nextSegment = Math.max(b.nextSegment, number(p) + 1);
        }
      }
      b.pending -= b.forwardedCount(b.sealed.peekFirst());
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot open the produce buffer %s: %s", dir, e.getMessage());
    }
    return b;
  }

  /** Appends a record (durable against a process crash on return). */
  public synchronized void append(byte[] key, byte[] value) {
    try {
      if (active == null || activeBytes >= SEGMENT_BYTES) {
        roll();
      }
      ByteBuffer buf = encode(key, value);
      activeBytes += buf.remaining();
      while (buf.hasRemaining()) {
        active.write(buf);
      }
      activeRecords++;
      pending++;
      if (System.nanoTime() - lastSync > FSYNC_INTERVAL_NANOS) {
        active.force(false);
        lastSync = System.nanoTime();
      }
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot append to the produce buffer %s: %s", activePath, e.getMessage());
    }
  }

  /** Records appended and not yet acknowledged by the broker. */
  public synchronized long pending() {
    return pending;
  }

  public synchronized boolean isEmpty() {
    return pending == 0;
  }

  /**
   * The oldest segment with records to forward, sealing the active segment when it is the only one
   * (later appends go to a new segment); {@code null} when the buffer is empty.
   */
  public synchronized Path oldest() {
    if (sealed.isEmpty() && active != null && activeRecords > 0) {
      seal();
    }
    return sealed.peekFirst();
  }

  /** The records of {@code segment} that have not been forwarded yet, in order. */
  public Pending unforwarded(Path segment) {
    long skip;
    synchronized (this) {
      skip = forwardedCount(segment);
    }
    List<Entry> out = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(segment), 1 << 16))) {
      for (long i = 0; ; i++) {
        Entry e = read(in);
        if (e == null) {
          return new Pending(segment, skip, out);
        }
        if (i >= skip) {
          out.add(e);
        }
      }
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot read the produce buffer segment %s: %s", segment, e.getMessage());
    }
  }

  /**
   * Records that the first {@code count} records of {@code segment} reached the broker; {@code whole}
   * deletes the segment (all of it has).
   */
  public synchronized void acknowledged(Path segment, long count, boolean whole) {
    try {
      long before = forwardedCount(segment);
      pending -= count - before;
      if (whole) {
        Files.deleteIfExists(segment);
        Files.deleteIfExists(dir.resolve(CHECKPOINT));
        sealed.remove(segment);
      } else {
        Path tmp = dir.resolve(CHECKPOINT + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
          ch.write(ByteBuffer.wrap((segment.getFileName() + " " + count + "\n").getBytes(StandardCharsets.UTF_8)));
          ch.force(true);
        }
        Files.move(tmp, dir.resolve(CHECKPOINT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot record forwarding progress in %s: %s", dir, e.getMessage());
    }
  }

  /**
   * Replaces the oldest segment by one holding only {@code rest}, its records the broker has not
   * acknowledged, after a chunk was only partly delivered. The replacement is written and synced
   * under a name that sorts before the segment, then the segment is deleted: a crash in between
   * leaves both (records sent twice, none lost).
   */
  public synchronized void keepOnly(Path segment, List<Entry> rest) {
    Path replacement = dir.resolve(segment.getFileName().toString().replace(".seg", "-1.seg"));
    Path tmp = dir.resolve(replacement.getFileName() + ".tmp");
    try {
      long before = pending;
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        for (Entry e : rest) {
          ByteBuffer buf = encode(e.key(), e.value());
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
        }
        ch.force(true);
      }
      Pending old = unforwarded(segment);
      Files.move(tmp, replacement, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(segment);
      Files.deleteIfExists(dir.resolve(CHECKPOINT));
      sealed.removeFirstOccurrence(segment);
      if (!rest.isEmpty()) {
        sealed.addFirst(replacement);
      } else {
        Files.deleteIfExists(replacement);
      }
      pending = before - old.entries().size() + rest.size();
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot rewrite the produce buffer segment %s: %s", segment, e.getMessage());
    }
  }

  public Path directory() {
    return dir;
  }

  /** Syncs and closes the active segment; buffered records stay for the next process. */
  @Override
  public synchronized void close() {
    if (active != null) {
      seal();
    }
  }

  private void roll() throws IOException {
    if (active != null) {
      seal();
    }
    activePath = dir.resolve(String.format("%020d.seg", nextSegment++));
    active = FileChannel.open(activePath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    activeBytes = 0;
    activeRecords = 0;
  }

  private void seal() {
    try {
      active.force(true);
      active.close();
      if (activeRecords > 0) {
        sealed.addLast(activePath);
      } else {
        Files.deleteIfExists(activePath);
      }
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot sync the produce buffer segment %s: %s", activePath, e.getMessage());
    } finally {
      active = null;
    }
  }

  private long forwardedCount(Path segment) {
    Path cp = dir.resolve(CHECKPOINT);
    if (segment == null || !Files.exists(cp)) {
      return 0;
    }
    try {
      String[] parts = Files.readString(cp).trim().split(" ");
      return parts.length == 2 && parts[0].equals(segment.getFileName().toString()) ? Long.parseLong(parts[1]) : 0;
    } catch (IOException | NumberFormatException e) {
      throw MillraceException.external(e, "Cannot read forwarding progress %s: %s", cp, e.getMessage());
    }
  }

  private static ByteBuffer encode(byte[] key, byte[] value) {
    int keyLength = key == null ? -1 : key.length;
    ByteBuffer buf = ByteBuffer.allocate(12 + Math.max(0, keyLength) + value.length);
    buf.putInt(keyLength).putInt(value.length);
    if (key != null) {
      buf.put(key);
    }
    buf.put(value);
    CRC32 crc = new CRC32();
    crc.update(buf.array(), 0, buf.position());
    buf.putInt((int) crc.getValue());
    return buf.flip();
  }

  /** The next record, or null at the end of the segment or at a torn or corrupt record. */
  private static Entry read(DataInputStream in) throws IOException {
    try {
      int keyLength = in.readInt();
      int valueLength = in.readInt();
      if (keyLength < -1 || valueLength < 0 || keyLength > SEGMENT_BYTES || valueLength > SEGMENT_BYTES) {
        return null;
      }
      byte[] key = keyLength < 0 ? null : in.readNBytes(keyLength);
      byte[] value = in.readNBytes(valueLength);
      int crc = in.readInt();
      if ((key != null && key.length != keyLength) || value.length != valueLength) {
        return null;
      }
      ByteBuffer head = ByteBuffer.allocate(8).putInt(keyLength).putInt(valueLength);
      CRC32 c = new CRC32();
      c.update(head.array());
      if (key != null) {
        c.update(key);
      }
      c.update(value);
      return (int) c.getValue() == crc ? new Entry(key, value) : null;
    } catch (EOFException e) {
      return null;
    }
  }

  /** Counts a segment's intact records and cuts off a torn tail; returns the count. */
  private static long recover(Path segment) throws IOException {
    long count = 0;
    long good = 0;
    try (InputStream raw = Files.newInputStream(segment);
         DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      Entry e;
      while ((e = read(in)) != null) {
        count++;
        good += 12 + (e.key() == null ? 0 : e.key().length) + e.value().length;
      }
    }
    if (good < Files.size(segment)) {
      try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
        ch.truncate(good);
        ch.force(true);
      }
    }
    return count;
  }

  private static long number(Path segment) {
    String name = segment.getFileName().toString();
    try {
      return Long.parseLong(name.substring(0, name.length() - ".seg".length()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
