package io.millrace.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.Reject;
import io.millrace.api.spi.SourceLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A value that is not exactly of its column's type rejects its line instead of being coerced. */
class StrictTypesTest extends EngineFixture {
  @TempDir Path dir;

  /** Loads one column of {@code type} from a CSV of the given values; returns the load. */
  SourceLoad csv(LogicalType type, String... values) throws IOException {
    Path file = dir.resolve("v.csv");
    Files.writeString(file, "v\n" + String.join("\n", values) + "\n");
    return session.loadSource(SourceSpec.file("v", SourceFormat.CSV, file,
        List.of(new Column("v", type))), "v");
  }

  List<String> rejected(SourceLoad load) {
    return load.rejects().stream().map(r -> r.original()).collect(Collectors.toList());
  }

  List<String> loaded() {
    return session.query("select v::varchar from v order by rowid").rows().stream()
        .map(r -> String.valueOf(r.get(0))).collect(Collectors.toList());
  }

  @Test
  void rejectsIntegersWrittenAsDecimalsExponentsHexOrOutOfRange() throws IOException {
    SourceLoad load = csv(LogicalType.INTEGER, "1", "3.5", "1.5", "1e3", "0x10", "1_000", "2147483648",
        " 7 ", "+8", "-9", "007", "1.0");

    assertThat(rejected(load)).containsExactly("3.5", "1.5", "1e3", "0x10", "1_000", "2147483648", "1.0");
    assertThat(loaded()).containsExactly("1", "7", "8", "-9", "7");
    Reject r = load.rejects().get(0);
    assertThat(r.line()).isEqualTo(3);
    assertThat(r.column()).isEqualTo("v");
    assertThat(r.reason()).isEqualTo("CAST: value '3.5' of column 'v' is not a whole number from "
        + "-2147483648 to 2147483647");
  }

  @Test
  void rejectsBigintOverflow() throws IOException {
    SourceLoad load = csv(LogicalType.BIGINT, "9223372036854775807", "9223372036854775808", "2.0");

    assertThat(rejected(load)).containsExactly("9223372036854775808", "2.0");
    assertThat(loaded()).containsExactly("9223372036854775807");
  }

  @Test
  void rejectsDoublesThatOverflowOrAreNotNumbers() throws IOException {
    SourceLoad load = csv(LogicalType.DOUBLE, "1.5", "1e3", "1e400", "inf", "-Infinity", "nan", "-1e999",
        "0x10", "1,5", ".5");

    assertThat(rejected(load)).containsExactly("1e400", "-1e999", "0x10", "1,5");
    assertThat(loaded()).containsExactly("1.5", "1000.0", "inf", "-inf", "nan", "0.5");
  }

  @Test
  void acceptsOnlyUnambiguousBooleanSpellings() throws IOException {
    SourceLoad load = csv(LogicalType.BOOLEAN, "true", "F", "yes", "n", "1", "0", "2", "on", "truth");

    assertThat(rejected(load)).containsExactly("2", "on", "truth");
    assertThat(loaded()).containsExactly("true", "false", "true", "false", "true", "false");
  }

  @Test
  void rejectsDatesWithATimeAndImpossibleDates() throws IOException {
    SourceLoad load = csv(LogicalType.DATE, "2025-01-01", "2025-01-01 10:00:00", "2025-02-30", "20250101");

    assertThat(rejected(load)).containsExactly("2025-01-01 10:00:00", "2025-02-30", "20250101");
    assertThat(load.rejects().get(0).reason()).contains("a date (YYYY-MM-DD) without a time");
  }

  @Test
  void rejectsTimestampsWithAZoneOrBeyondMicroseconds() throws IOException {
    SourceLoad load = csv(LogicalType.TIMESTAMP, "2025-01-01 10:00:00", "2025-01-01T10:00:00.123456",
        "2025-01-01", "2025-01-01T10:00:00+02:00", "2025-01-01T10:00:00Z", "2025-01-01 10:00:00 UTC",
        "2025-01-01 10:00:00.1234567", "2025-01-01 10:00:00.000000000", "yesterday");

    assertThat(rejected(load)).containsExactly("2025-01-01T10:00:00+02:00", "2025-01-01T10:00:00Z",
        "2025-01-01 10:00:00 UTC", "2025-01-01 10:00:00.1234567", "yesterday");
    assertThat(loaded()).containsExactly("2025-01-01 10:00:00", "2025-01-01 10:00:00.123456",
        "2025-01-01 00:00:00", "2025-01-01 10:00:00");
  }

  @Test
  void timestamptzKeepsTheOffsetButNotNanoseconds() throws IOException {
    SourceLoad load = csv(LogicalType.TIMESTAMPTZ, "2025-01-01T10:00:00+02:00", "2025-01-01 10:00:00.1234567Z");

    assertThat(rejected(load)).containsExactly("2025-01-01 10:00:00.1234567Z");
    assertThat(session.query("select epoch(v) from v").scalar()).isEqualTo(1735718400.0);
  }

  @Test
  void rejectsTimesWithAZone() throws IOException {
    SourceLoad load = csv(LogicalType.TIME, "10:00", "10:00:00.5", "10:00:00+02", "25:00:00");

    assertThat(rejected(load)).containsExactly("10:00:00+02", "25:00:00");
  }

  @Test
  void checksSniffedNumericColumnsToo() throws IOException {
    Path file = dir.resolve("sniffed.csv");
    StringBuilder text = new StringBuilder("id,name\n");
    for (int i = 1; i <= 30_000; i++) {   // beyond the sniffer's sample
      text.append(i).append(",n").append(i).append('\n');
    }
    text.append("1.5,late\n");
    Files.writeString(file, text);

    SourceLoad load = session.loadSource(SourceSpec.file("s", SourceFormat.CSV, file, List.of()), "s");

    assertThat(load.schema().columns().get(0)).isEqualTo(new Column("id", LogicalType.BIGINT));
    assertThat(load.rows()).isEqualTo(30_000);
    assertThat(load.rejects()).singleElement().satisfies(r -> {
      assertThat(r.line()).isEqualTo(30_002);
      assertThat(r.original()).isEqualTo("1.5,late");
    });
  }

  @Test
  void reportsPhysicalLinesAfterAQuotedFieldSpanningLines() throws IOException {
    Path file = dir.resolve("multi.csv");
    Files.writeString(file, "id,note\n1,\"two\nlines\"\n2,x,extra\n3.5,y\n\n4,\"a\r\nb\"\nzz,w\n");
    List<Column> cols = List.of(new Column("id", LogicalType.INTEGER), new Column("note", LogicalType.VARCHAR));

    SourceLoad load = session.loadSource(SourceSpec.file("m", SourceFormat.CSV, file, cols), "m");

    assertThat(load.rows()).isEqualTo(2);
    assertThat(load.rejects()).extracting(Reject::line).containsExactly(4L, 5L, 9L);
    assertThat(load.rejects()).extracting(Reject::original).containsExactly("2,x,extra", "3.5,y", "zz,w");
  }

  @Test
  void checksValuesInAFileQuotedWithApostrophes() throws IOException {
    // The field scan splits on '"' quotes; DuckDB sniffs ' here, so the load falls back to text checks.
    Path file = dir.resolve("apos.csv");
    Files.writeString(file, "name,id\n'a,b',1\n'c,d',3.5\n'e',2\n'f,g',1e3\n");

    SourceLoad load = session.loadSource(SourceSpec.file("a", SourceFormat.CSV, file,
        List.of(new Column("name", LogicalType.VARCHAR), new Column("id", LogicalType.INTEGER))), "a");

    assertThat(load.rejects()).extracting(Reject::line).containsExactly(3L, 5L);
    assertThat(session.query("select list(id order by id)::varchar from a").scalar()).isEqualTo("[1, 2]");
  }

  @Test
  void typedReadRejectsOnlyTheInexactValuesAmongManyRows() throws IOException {
    Path file = dir.resolve("many.csv");
    StringBuilder text = new StringBuilder("d,n,x\n");
    for (int i = 1; i <= 5000; i++) {
      text.append("2025-01-0").append(1 + i % 9).append(',').append(i).append(',').append(i * 0.5).append('\n');
    }
    text.append("2025-01-01, +7 ,1\n2025-01-01,8.0,1\n2025-01-01 00:00:00,9,1\n2025-01-01,10,1e999\n"
        + "2025-01-01,\"11\",-inf\n2025-01-01,1_2,1\n");
    Files.writeString(file, text);
    List<Column> cols = List.of(new Column("d", LogicalType.DATE), new Column("n", LogicalType.BIGINT),
        new Column("x", LogicalType.DOUBLE));

    SourceLoad load = session.loadSource(SourceSpec.file("m", SourceFormat.CSV, file, cols), "m");

    assertThat(load.rows()).isEqualTo(5002);
    assertThat(load.rejects()).extracting(Reject::line).containsExactly(5003L, 5004L, 5005L, 5007L);
    assertThat(load.rejects()).extracting(Reject::column).containsExactly("n", "d", "x", "n");
    assertThat(load.rejects().get(2).reason()).contains("'1e999'").contains("finite");
    assertThat(session.query("select list(n)::varchar from (select n from m order by rowid offset 5000)")
        .scalar())
        .isEqualTo("[7, 11]");
  }

  @Test
  void typedReadHandlesCrlfQuotesTabsAByteOrderMarkAndNoFinalNewline() throws IOException {
    Path crlf = dir.resolve("crlf.csv");
    Files.writeString(crlf, "id,note\r\n\"12\",\"a,b\"\r\n3.5,x\r\n 7 ,\"multi\r\nline\"\r\n1e3,y");
    List<Column> cols = List.of(new Column("id", LogicalType.INTEGER), new Column("note", LogicalType.VARCHAR));

    SourceLoad load = session.loadSource(SourceSpec.file("c", SourceFormat.CSV, crlf, cols), "c");

    assertThat(load.rejects()).extracting(Reject::line).containsExactly(3L, 6L);
    assertThat(load.rejects()).extracting(Reject::original).containsExactly("3.5,x", "1e3,y");
    assertThat(session.query("select list(id order by id)::varchar from c").scalar()).isEqualTo("[7, 12]");

    Path tabs = dir.resolve("tabs.tsv");
    Files.writeString(tabs, "\uFEFF5\t2025-01-01\n6.0\t2025-01-02\n7\t2025-01-03 00:00\n8\t2025-01-04\n");
    SourceLoad t = session.loadSource(new SourceSpec("t", SourceFormat.CSV, tabs, List.of(
        new Column("n", LogicalType.BIGINT), new Column("d", LogicalType.DATE)), false, "\t", null, null, List.of()), "t");

    assertThat(t.rejects()).extracting(Reject::line).containsExactly(2L, 3L);
    assertThat(t.rejects()).extracting(Reject::column).containsExactly("n", "d");
    assertThat(session.query("select list(n order by n)::varchar from t").scalar()).isEqualTo("[5, 8]");
  }

  @Test
  void rejectsJsonValuesNotExactlyOfTheirType() throws IOException {
    Path file = dir.resolve("v.jsonl");
    Files.writeString(file, String.join("\n",
        "{\"id\": 1, \"d\": \"2025-01-01\", \"x\": 0.5}",
        "{\"id\": 1.5, \"d\": \"2025-01-01\", \"x\": 1}",
        "{\"id\": 1e3, \"d\": \"2025-01-01\", \"x\": 1}",
        "{\"id\": 2147483648, \"d\": \"2025-01-01\", \"x\": 1}",
        "{\"id\": true, \"d\": \"2025-01-01\", \"x\": 1}",
        "{\"id\": 2, \"d\": \"2025-01-01 10:00:00\", \"x\": 1}",
        "{\"id\": 3, \"d\": \"2025-01-02\", \"x\": 1e400}",
        "{\"id\": 4, \"d\": \"2025-01-03\", \"x\": 2}") + "\n");
    List<Column> cols = List.of(new Column("id", LogicalType.INTEGER), new Column("d", LogicalType.DATE),
        new Column("x", LogicalType.DOUBLE));

    SourceLoad load = session.loadSource(SourceSpec.file("j", SourceFormat.JSONL, file, cols), "j");

    assertThat(load.rows()).isEqualTo(2);
    assertThat(load.rejects()).extracting(Reject::line).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(load.rejects()).extracting(Reject::column).containsExactly("id", "id", "id", "id", "d", "x");
    assertThat(load.rejects().get(0).reason()).isEqualTo("CAST: value '1.5' of column 'id' is not a whole "
        + "number from -2147483648 to 2147483647");
    assertThat(session.query("select list(id order by id)::varchar from j").scalar()).isEqualTo("[1, 4]");
  }

  @Test
  void rejectsLateDecimalsInAnInferredJsonBigintColumn() throws IOException {
    Path file = dir.resolve("inferred.jsonl");
    Files.writeString(file, "{\"id\": 1}\n{\"id\": \"1.5\"}\n");

    SourceLoad load = session.loadSource(SourceSpec.file("j", SourceFormat.JSONL, file, List.of()), "j");

    assertThat(load.schema().columns()).containsExactly(new Column("id", LogicalType.VARCHAR));
    assertThat(load.rows()).isEqualTo(2);
  }
}
