package io.millrace.duckdb.internal;

import io.millrace.api.MillraceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds physical line numbers in a CSV file. DuckDB numbers reject lines logically (a quoted field
 * spanning lines counts once) and gives its rows no line number at all, so one pass over the bytes
 * splits records the way DuckDB does (RFC 4180 double quotes, blank lines skipped, an optional
 * header) and reports, for the records asked for, the physical line each starts on and its text.
 * Run only when a load has rejects, so clean loads pay nothing.
 */
final class CsvLines {
  /** A record's first physical line (1-based) and its text without the line break. */
  record Located(long line, String text) {}

  private final Map<Long, Located> byOffset = new HashMap<>();
  private final Map<Long, Located> byRow = new HashMap<>();
  private long dataRecords;

  private CsvLines() {}

  /**
   * Scans {@code file}.
   *
   * @param rejectOffsets DuckDB's {@code line_byte_position}s of rejected records (one past the
   *     record's first byte); those records are not rows
   * @param rows 0-based indexes of rows (data records that are not rejected) to locate
   */
  static CsvLines scan(Path file, boolean header, Set<Long> rejectOffsets, Set<Long> rows) {
    CsvLines lines = new CsvLines();
    try (InputStream in = Files.newInputStream(file)) {
      lines.read(in, header, new TreeSet<>(rejectOffsets), rows);
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

  /** Data records that are neither the header nor blank (rows plus rejected records). */
  long dataRecords() {
    return dataRecords;
  }

  private void read(InputStream in, boolean header, NavigableSet<Long> rejects, Set<Long> rows)
      throws IOException {
    byte[] buf = new byte[1 << 16];
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    boolean quoted = false;
    boolean headerPending = header;
    long offset = 0;
    long line = 1;
    long start = 0;
    long startLine = 1;
    long row = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      int segment = 0;   // bytes of the current record in buf start here; copied in bulk
      for (int i = 0; i < n; i++, offset++) {
        byte b = buf[i];
        if (b == '"') {
          quoted = !quoted;
        } else if (b == '\n') {
          line++;
          if (!quoted) {
            record.write(buf, segment, i - segment);
            segment = i + 1;
            row = end(record, start, offset, startLine, headerPending, rejects, rows, row);
            headerPending = headerPending && blank(record);
            record.reset();
            start = offset + 1;
            startLine = line;
          }
        }
      }
      record.write(buf, segment, n - segment);
    }
    end(record, start, offset, startLine, headerPending, rejects, rows, row);
  }

  /** Files one record (bytes [start, end)); returns the next row index. */
  private long end(ByteArrayOutputStream record, long start, long end, long startLine,
                   boolean headerPending, NavigableSet<Long> rejects, Set<Long> rows, long row) {
    if (blank(record) || headerPending) {
      return row;
    }
    dataRecords++;
    // DuckDB's position is one past the record's first byte; any position inside the record counts.
    Long reject = rejects.ceiling(start + 1);
    if (reject != null && reject <= end) {
      byOffset.put(reject, located(record, startLine));
      for (Long more = rejects.higher(reject); more != null && more <= end; more = rejects.higher(more)) {
        byOffset.put(more, located(record, startLine));
      }
      return row;
    }
    if (rows.contains(row)) {
      byRow.put(row, located(record, startLine));
    }
    return row + 1;
  }

  private static Located located(ByteArrayOutputStream record, long line) {
    String text = record.toString(StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return new Located(line, text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
  }

  private static boolean blank(ByteArrayOutputStream record) {
    int size = record.size();
    return size == 0 || (size == 1 && record.toByteArray()[0] == '\r');
  }
}
