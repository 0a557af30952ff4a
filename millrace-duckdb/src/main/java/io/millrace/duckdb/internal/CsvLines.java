package io.millrace.duckdb.internal;

import io.millrace.api.MillraceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds physical line numbers in a CSV file. DuckDB numbers reject lines logically (a quoted field
 * spanning lines counts once) and gives its rows no line number at all, so one pass over the bytes
 * splits records the way DuckDB does (RFC 4180 double quotes, blank lines skipped, an optional
 * header) and notes, for the records asked for, the physical line each starts on and where it lies;
 * their text is read back afterwards. Run only when a load has rejects, so clean loads pay nothing;
 * the pass is a tight loop over the bytes (no copying) since a file with a few rejects is still read
 * whole.
 *
 * <p>With {@link Fields} the same pass also splits each record into fields and flags rows whose
 * whole-number fields hold any byte but digits, signs and blanks, or whose date fields hold a
 * {@code ':'}: the only spellings DuckDB's typed CSV reader may have coerced ({@code 3.5} read as
 * 4, a date with a time). Flagged rows are few and located like the rows asked for; the caller
 * judges their values. The pass also counts rows and checks every row has one field per column, so
 * the caller can tell whether it split the file as DuckDB did.
 */
final class CsvLines {
  /** Field classes: not checked, a whole number, a date. */
  static final byte NONE = 0;
  static final byte WHOLE = 1;
  static final byte DATE = 2;

  /** The delimiter and one class per column, in file order. */
  record Fields(byte delimiter, byte[] classes) {}

  /** A record's first physical line (1-based) and its text without the line break. */
  record Located(long line, String text) {}

  private final Map<Long, Located> byOffset = new HashMap<>();
  private final Map<Long, Located> byRow = new HashMap<>();
  private final java.util.List<Long> flagged = new java.util.ArrayList<>();
  private long rowCount;
  private boolean aligned = true;

  private CsvLines() {}

  /**
   * Scans {@code file}.
   *
   * @param rejectOffsets DuckDB's {@code line_byte_position}s of rejected records (one past the
   *     record's first byte); those records are not rows
   * @param rows 0-based indexes of rows (data records that are not rejected) to locate
   */
  static CsvLines scan(Path file, boolean header, Collection<Long> rejectOffsets, Collection<Long> rows) {
    return scan(file, header, rejectOffsets, rows, null);
  }

  /** As {@link #scan(Path, boolean, Collection, Collection)}, also flagging rows by {@code fields}. */
  static CsvLines scan(Path file, boolean header, Collection<Long> rejectOffsets, Collection<Long> rows,
                       Fields fields) {
    return scan(file, header, rejectOffsets, rows, fields, PARALLEL_MIN_BYTES);
  }

  /** As above, scanning in two halves at once when the file has at least {@code parallelFrom} bytes. */
  static CsvLines scan(Path file, boolean header, Collection<Long> rejectOffsets, Collection<Long> rows,
                       Fields fields, long parallelFrom) {
    try {
      if (fields != null && rows.isEmpty() && Runtime.getRuntime().availableProcessors() > 1
          && Files.size(file) >= parallelFrom) {
        CsvLines halves = Halves.scan(file, header, sorted(rejectOffsets), fields);
        if (halves != null) {
          return halves;
        }
      }
      CsvLines lines = new CsvLines();
      new Scan(file, header, sorted(rejectOffsets), sorted(rows), fields, lines).run();
      return lines;
    } catch (IOException e) {
      throw MillraceException.user("Cannot read %s: %s", file, Errors.message(e));
    }
  }

  /** Files this large are scanned in two halves at once (with fields, when no rows are asked for). */
  static final long PARALLEL_MIN_BYTES = 8L << 20;

  /** The record holding DuckDB's reject position, or null. */
  Located reject(long lineBytePosition) {
    return byOffset.get(lineBytePosition);
  }

  /** The 0-based row's record, or null. */
  Located row(long index) {
    return byRow.get(index);
  }

  /** Rows flagged by the field check, in order (each also located). */
  java.util.List<Long> flagged() {
    return flagged;
  }

  /** The rows (records that are neither the header nor rejected) seen; complete with fields only. */
  long rowCount() {
    return rowCount;
  }

  /** Whether every row had one field per column (meaningful with fields only). */
  boolean aligned() {
    return aligned;
  }

  private static long[] sorted(Collection<Long> values) {
    long[] a = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    return a;
  }

  /** One pass; records are met in file order, so both wanted lists are walked with a cursor. */
  private static final class Scan {
    private final Path file;
    private final long[] rejects;
    private final long[] rows;
    private final CsvLines out;
    private final Fields fields;
    private boolean headerPending;
    private int nextReject;
    private int nextRow;
    private long row;
    /** Line feeds met by {@link #fieldsRange}. */
    private long lines;
    /** The records a second half found to read back ({@link Halves}). */
    private Map<long[], Object> wanted;

    Scan(Path file, boolean header, long[] rejects, long[] rows, Fields fields, CsvLines out) {
      this.file = file;
      this.fields = fields;
      this.headerPending = header;
      this.rejects = rejects;
      this.rows = rows;
      this.out = out;
    }

    void run() throws IOException {
      if (fields != null) {
        runFields();
        return;
      }
      Map<long[], Object> wanted = new LinkedHashMap<>();   // {start, end, line} -> offset or -1-row
      byte[] buf = new byte[1 << 16];
      boolean quoted = false;
      byte prev = 0;
      long offset = 0;
      long line = 1;
      long start = 0;
      long startLine = 1;
      try (InputStream in = Files.newInputStream(file)) {
        int n;
        while ((n = in.read(buf)) > 0 && (nextReject < rejects.length || nextRow < rows.length)) {
          for (int i = 0; i < n; i++, offset++) {
            byte b = buf[i];
            if (b == '"') {
              quoted = !quoted;
            } else if (b == '\n') {
              line++;
              if (!quoted) {
                record(start, offset, startLine, blank(start, offset, prev),
                    false, 0, wanted);
                start = offset + 1;
                startLine = line;
              }
            }
            prev = b;
          }
        }
        if (n <= 0) {
          record(start, offset, startLine, blank(start, offset, prev),
              false, 0, wanted);
        }
      }
      read(wanted);
    }

    /** The pass with field checks: the whole file, one tight loop (digits take the first branch). */
    private void runFields() throws IOException {
      Map<long[], Object> wanted = new LinkedHashMap<>();
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        fieldsRange(ch, 0, ch.size(), wanted);
      }
      read(wanted);
    }

    /**
     * Scans the records of bytes [from, to) (from: the file's start or just after a line feed; to:
     * the file's end or just after a line feed) into {@code wanted}. Returns whether the range ended
     * inside a quoted field. Line numbers and row indexes count from the range's start.
     */
    boolean fieldsRange(FileChannel ch, long from, long to, Map<long[], Object> wanted) throws IOException {
      byte[] classes = fields.classes();
      byte delimiter = fields.delimiter();
      byte[] buf = new byte[1 << 20];
      ByteBuffer bb = ByteBuffer.wrap(buf);
      boolean quoted = false;
      boolean suspect = false;
      byte prev = 0;
      byte kind = classes.length > 0 ? classes[0] : NONE;
      int field = 0;
      long offset = from;
      long line = 1;
      long start = from;
      long startLine = 1;
      while (offset < to) {
        bb.clear().limit((int) Math.min(buf.length, to - offset));
        int n = ch.read(bb, offset);
        if (n <= 0) {
          break;
        }
        for (int i = 0; i < n; i++, offset++) {
          byte b = buf[i];
          if (b >= '0') {   // digits, letters, ':' (the common case: one or two comparisons)
            if (b > '9' && kind != NONE) {
              suspect |= kind == WHOLE || b == ':';
            }
            prev = b;
            continue;
          }
          if (b == '"') {
            quoted = !quoted;
          } else if (b == '\n') {
            line++;
            if (!quoted) {
              record(start, offset, startLine, blank(start, offset, prev),
                  suspect, field + 1, wanted);
              start = offset + 1;
              startLine = line;
              field = 0;
              kind = classes.length > 0 ? classes[0] : NONE;
              suspect = false;
            }
          } else if (b == delimiter && !quoted) {
            field++;
            kind = field < classes.length ? classes[field] : NONE;
          } else if (kind == WHOLE) {
            suspect |= b != '-' && b != '+' && b != ' ' && b != '\t' && b != '\r';
          }
          prev = b;
        }
      }
      record(start, offset, startLine, blank(start, offset, prev),
          suspect, field + 1, wanted);
      lines = line - 1;
      return quoted;
    }

    /** Whether the record [start, end) is empty: nothing, or only the {@code \r} of a CRLF line end. */
    private static boolean blank(long start, long end, byte prev) {
      return end == start || (end == start + 1 && prev == '\r');
    }

    /** Files the record [start, end) (end: its line feed or the end of the file). */
    private void record(long start, long end, long startLine, boolean blank, boolean suspect, int fieldCount,
                        Map<long[], Object> wanted) {
      if (blank) {
        return;   // blank lines are no records for DuckDB
      }
      if (headerPending) {
        headerPending = false;
        return;
      }
      // DuckDB's position is one past the record's first byte; any position inside it counts.
      boolean rejected = false;
      while (nextReject < rejects.length && rejects[nextReject] <= end) {
        if (rejects[nextReject] > start) {
          wanted.put(new long[] {start, end, startLine}, rejects[nextReject]);
          rejected = true;
        }
        nextReject++;
      }
      if (rejected) {
        return;
      }
      boolean asked = nextRow < rows.length && rows[nextRow] == row;
      if (asked) {
        nextRow++;
      }
      if (fields != null) {
        out.aligned &= fieldCount == fields.classes().length;
        if (suspect) {
          out.flagged.add(row);
        }
      }
      if (asked || suspect) {
        wanted.put(new long[] {start, end, startLine}, -1 - row);
      }
      row++;
      out.rowCount = row;
    }

    /** Reads the wanted records' text back. */
    void read(Map<long[], Object> wanted) throws IOException {
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
        for (Map.Entry<long[], Object> e : wanted.entrySet()) {
          long[] at = e.getKey();
          byte[] bytes = new byte[(int) Math.min(at[1] - at[0], 1 << 20)];
          f.seek(at[0]);
          f.readFully(bytes);
          String text = new String(bytes, StandardCharsets.UTF_8);
          text = text.startsWith("\uFEFF") ? text.substring(1) : text;
          text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
          Located located = new Located(at[2], text);
          long key = (Long) e.getValue();
          if (key < 0) {
            out.byRow.put(-1 - key, located);
          } else {
            out.byOffset.put(key, located);
          }
        }
      }
    }
  }

  /**
   * The field pass over a large file in two halves at once, split at a line feed near the middle:
   * the pass is a Java loop over every byte (about 0.6 s of CPU per 10M rows), run while the engine
   * waits for it, so a second core halves its wall time. The second half's rows and lines are
   * numbered after the first's. A line feed inside a quoted field cannot be told from a record's end
   * without the bytes before it: when the first half ends inside quotes the split was wrong, and the
   * caller scans the file in one pass.
   */
  private static final class Halves {
    private Halves() {}

    /** Null when the file cannot be split (no line feed after the middle, or one inside quotes). */
    static CsvLines scan(Path file, boolean header, long[] rejects, Fields fields) throws IOException {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        long size = ch.size();
        long split = lineStartAfter(ch, size / 2);
        if (split <= 0 || split >= size) {
          return null;
        }
        CsvLines a = new CsvLines();
        Scan first = new Scan(file, header, rejects, new long[0], fields, a);
        Map<long[], Object> wantedA = new LinkedHashMap<>();
        // The second half's state is allocated by its own thread: its counters, written once per
        // record, then lie apart from the first half's (adjacent objects written by two cores at
        // once share a cache line, which doubled the pass's CPU: BENCHMARKS.md section 7).
        java.util.concurrent.FutureTask<Scan> later = new java.util.concurrent.FutureTask<>(() -> {
          Scan half = new Scan(file, false, rejects, new long[0], fields, new CsvLines());
          half.nextReject = firstAtOrAfter(rejects, split);
          half.wanted = new LinkedHashMap<>();
          half.fieldsRange(ch, split, size, half.wanted);
          return half;
        });
        Thread t = new Thread(later, "millrace-csv-scan");
        t.setDaemon(true);
        t.start();
        boolean quotedA = first.fieldsRange(ch, 0, split, wantedA);
        Scan second;
        try {
          second = later.get();
        } catch (InterruptedException e) {
          t.interrupt();
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while scanning " + file, e);
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        if (quotedA) {
          return null;
        }
        CsvLines out = new CsvLines();
        long rowsA = first.row;
        long linesA = first.lines;
        out.rowCount = rowsA + second.row;
        CsvLines b = second.out;
        Map<long[], Object> wantedB = second.wanted;
        out.aligned = a.aligned && b.aligned;
        out.flagged.addAll(a.flagged);
        b.flagged.forEach(r -> out.flagged.add(r + rowsA));
        Map<long[], Object> wanted = new LinkedHashMap<>(wantedA);
        wantedB.forEach((at, v) -> {
          long key = (Long) v;
          wanted.put(new long[] {at[0], at[1], at[2] + linesA}, key < 0 ? -1 - (-1 - key + rowsA) : key);
        });
        new Scan(file, false, rejects, new long[0], fields, out).read(wanted);
        return out;
      }
    }

    /** The offset just after the first line feed at or after {@code from}, or -1 within 16 MB. */
    private static long lineStartAfter(FileChannel ch, long from) throws IOException {
      ByteBuffer bb = ByteBuffer.allocate(1 << 16);
      for (long at = from; at < ch.size() && at < from + (16L << 20); ) {
        bb.clear();
        int n = ch.read(bb, at);
        if (n <= 0) {
          return -1;
        }
        for (int i = 0; i < n; i++) {
          if (bb.get(i) == '\n') {
            return at + i + 1;
          }
        }
        at += n;
      }
      return -1;
    }

    private static int firstAtOrAfter(long[] sorted, long value) {
      int i = Arrays.binarySearch(sorted, value);
      if (i < 0) {
        return -1 - i;
      }
      while (i > 0 && sorted[i - 1] == value) {
        i--;
      }
      return i;
    }
  }
}
