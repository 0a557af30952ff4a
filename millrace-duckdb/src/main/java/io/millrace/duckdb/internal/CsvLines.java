package io.millrace.duckdb.internal;

import io.millrace.api.MillraceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
final class CsvLines {
  /** A record's first physical line (1-based) and its text without the line break. */
  record Located(long line, String text) {}

  private final Map<Long, Located> byOffset = new HashMap<>();
  private final Map<Long, Located> byRow = new HashMap<>();

  private CsvLines() {}

  /**
   * Scans {@code file}.
   *
   * @param rejectOffsets DuckDB's {@code line_byte_position}s of rejected records (one past the
   *     record's first byte); those records are not rows
   * @param rows 0-based indexes of rows (data records that are not rejected) to locate
   */
  static CsvLines scan(Path file, boolean header, Collection<Long> rejectOffsets, Collection<Long> rows) {
    CsvLines lines = new CsvLines();
    try {
      new Scan(file, header, sorted(rejectOffsets), sorted(rows), lines).run();
    } catch (IOException e) {
      throw MillraceException.user("Cannot read %s: %s", file, Errors.message(e));
    }
    return lines;
  }

  /** The record holding DuckDB's reject position, or null. */
  Located reject(long lineBytePosition) {
    return byOffset.get(lineBytePosition);
  }

  /** The 0-based row's record, or null. */
  Located row(long index) {
    return byRow.get(index);
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
    private boolean headerPending;
    private int nextReject;
    private int nextRow;
    private long row;

    Scan(Path file, boolean header, long[] rejects, long[] rows, CsvLines out) {
      this.file = file;
      this.headerPending = header;
      this.rejects = rejects;
      this.rows = rows;
      this.out = out;
    }

    void run() throws IOException {
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
                record(start, offset, startLine, offset == start || (offset == start + 1 && prev == '\r'), wanted);
                start = offset + 1;
                startLine = line;
              }
            }
            prev = b;
          }
        }
        if (n <= 0) {
          record(start, offset, startLine, offset == start || (offset == start + 1 && prev == '\r'), wanted);
        }
      }
      read(wanted);
    }

    /** Files the record [start, end) (end: its line feed or the end of the file). */
    private void record(long start, long end, long startLine, boolean blank, Map<long[], Object> wanted) {
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
      if (nextRow < rows.length && rows[nextRow] == row) {
        wanted.put(new long[] {start, end, startLine}, -1 - row);
        nextRow++;
      }
      row++;
    }

    /** Reads the wanted records' text back. */
    private void read(Map<long[], Object> wanted) throws IOException {
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
}
