package io.millrace.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The field pass in two halves at once finds exactly what the one-pass scan finds. */
class CsvLinesHalvesTest {
  private static final CsvLines.Fields FIELDS = new CsvLines.Fields((byte) ',', new byte[] {
      CsvLines.DATE, CsvLines.WHOLE, CsvLines.WHOLE, CsvLines.NONE, CsvLines.NONE});

  @TempDir Path dir;

  /** What the generator put in the file, to check both scans against. */
  private record Made(Path file, List<Long> rejectOffsets, List<Long> badRows, List<Long> badLines, long rows) {}

  /**
   * A CSV with a header, CRLF and LF line ends, blank lines, quoted text with line feeds (lines
   * outnumber records), inexact values ({@code 3.5} as a whole number, a time in a date) and
   * records DuckDB rejected (given by position, one past their first byte).
   */
  private Made make(int records, boolean quotedAcrossMiddle, long seed) throws IOException {
    Random r = new Random(seed);
    StringBuilder s = new StringBuilder("date,product_id,quantity,price,note\n");
    List<Long> rejects = new ArrayList<>();
    List<Long> badRows = new ArrayList<>();
    List<Long> badLines = new ArrayList<>();
    long row = 0;
    long line = 2;
    for (int i = 0; i < records; i++) {
      if (r.nextInt(50) == 0) {
        s.append(r.nextBoolean() ? "\n" : "\r\n");   // blank line: no record
        line++;
        continue;
      }
      long start = s.toString().getBytes(StandardCharsets.UTF_8).length;
      boolean rejected = r.nextInt(40) == 0;
      int defect = rejected ? 0 : r.nextInt(60);
      String date = defect == 1 ? "2024-01-02 10:00:00" : "2024-01-" + (10 + r.nextInt(18));
      String qty = defect == 2 ? "3.5" : Integer.toString(r.nextInt(100) - 5);
      // across the middle: one note longer than the rest of the file, so the middle falls inside it
      String note = quotedAcrossMiddle && i == records / 2 ? "\"" + "x\n".repeat(records * 40) + "\""
          : r.nextInt(30) == 0 ? "\"a, \"\"quoted\"\"\nnote\"" : "plain";
      s.append(date).append(',').append(r.nextInt(1000)).append(',').append(qty).append(',')
          .append(r.nextInt(10000) / 100.0).append(',').append(note).append(r.nextInt(4) == 0 ? "\r\n" : "\n");
      if (rejected) {
        rejects.add(start + 1);
      } else {
        if (defect == 1 || defect == 2) {
          badRows.add(row);
          badLines.add(line);
        }
        row++;
      }
      line += 1 + note.chars().filter(c -> c == '\n').count();
    }
    Path f = dir.resolve("f" + seed + ".csv");
    Files.writeString(f, s.toString());
    return new Made(f, rejects, badRows, badLines, row);
  }

  @Test
  void halvesFindTheSameRowsLinesAndRejectsAsOnePass() throws IOException {
    for (long seed = 1; seed <= 5; seed++) {
      Made m = make(3_000, false, seed);
      CsvLines one = CsvLines.scan(m.file(), true, m.rejectOffsets(), List.of(), FIELDS, Long.MAX_VALUE);
      CsvLines two = CsvLines.scan(m.file(), true, m.rejectOffsets(), List.of(), FIELDS, 0);

      assertThat(one.rowCount()).isEqualTo(m.rows());
      assertThat(one.flagged()).isEqualTo(m.badRows());
      assertThat(one.aligned()).isTrue();
      assertThat(two.rowCount()).isEqualTo(one.rowCount());
      assertThat(two.flagged()).isEqualTo(one.flagged());
      assertThat(two.aligned()).isTrue();
      for (int i = 0; i < m.badRows().size(); i++) {
        long row = m.badRows().get(i);
        assertThat(two.row(row)).isEqualTo(one.row(row));
        assertThat(two.row(row).line()).isEqualTo(m.badLines().get(i));
      }
      for (long offset : m.rejectOffsets()) {
        assertThat(one.reject(offset)).isNotNull();
        assertThat(two.reject(offset)).isEqualTo(one.reject(offset));
      }
    }
  }

  @Test
  void aSplitInsideAQuotedFieldFallsBackToOnePass() throws IOException {
    Made m = make(2_000, true, 7);
    CsvLines one = CsvLines.scan(m.file(), true, m.rejectOffsets(), List.of(), FIELDS, Long.MAX_VALUE);
    CsvLines two = CsvLines.scan(m.file(), true, m.rejectOffsets(), List.of(), FIELDS, 0);

    assertThat(two.rowCount()).isEqualTo(m.rows()).isEqualTo(one.rowCount());
    assertThat(two.flagged()).isEqualTo(m.badRows());
    for (long offset : m.rejectOffsets()) {
      assertThat(two.reject(offset)).isEqualTo(one.reject(offset));
    }
  }

  @Test
  void aMisalignedRecordInTheSecondHalfIsReported() throws IOException {
    Made m = make(2_000, false, 9);
    String text = Files.readString(m.file());
    int late = text.lastIndexOf("\n", text.length() - 2);
    Files.writeString(m.file(), text.substring(0, late + 1) + "2024-01-02,1,2\n" + text.substring(late + 1));

    CsvLines two = CsvLines.scan(m.file(), true, m.rejectOffsets(), List.of(), FIELDS, 0);

    assertThat(two.aligned()).isFalse();
    assertThat(two.rowCount()).isEqualTo(m.rows() + 1);
  }
}
