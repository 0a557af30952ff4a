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
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlSourceTest extends EngineFixture {
  @TempDir Path dir;

  Path events() throws IOException {
    Path file = dir.resolve("events.jsonl");
    Files.writeString(file, String.join("\n",
        "{\"id\": 1, \"name\": \"a\", \"ts\": \"2024-01-01 10:00:00\", \"amount\": 1.5}",
        "{\"id\": 2, \"name\": \"b\", \"ts\": \"2024-01-02 11:00:00\", \"amount\": 2}",
        "{oops not json",
        "",
        "{\"id\": \"x\", \"name\": \"c\", \"ts\": \"2024-01-03 00:00:00\", \"amount\": 3}",
        "[1, 2]",
        "{\"id\": 6, \"name\": null, \"ts\": \"not a time\", \"amount\": 4}",
        "{\"id\": 7, \"name\": \"g\", \"amount\": null}") + "\n");
    return file;
  }

  @Test
  void everyLineEndsAsARowOrAReject() throws IOException {
    Path file = events();
    List<Column> cols = List.of(new Column("id", LogicalType.BIGINT), new Column("name", LogicalType.VARCHAR),
        new Column("ts", LogicalType.TIMESTAMP), new Column("amount", LogicalType.DOUBLE));

    SourceLoad load = session.loadSource(SourceSpec.file("events", SourceFormat.JSONL, file, cols), "events");

    long nonBlank = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
    assertThat(load.rows() + load.rejects().size()).isEqualTo(nonBlank);
    assertThat(load.rows()).isEqualTo(3);
    assertThat(load.rejects()).extracting(Reject::line).containsExactly(3L, 5L, 6L, 7L);
    assertThat(load.rejects()).extracting(Reject::column).containsExactly(null, "id", null, "ts");
    assertThat(load.rejects().get(1).reason()).contains("value 'x'").contains("'id'");
    assertThat(load.rejects().get(0).original()).isEqualTo("{oops not json");
    assertThat(session.query("select id, ts from events order by id").rows()).containsExactly(
        List.of(1L, LocalDateTime.parse("2024-01-01T10:00:00")),
        List.of(2L, LocalDateTime.parse("2024-01-02T11:00:00")),
        java.util.Arrays.asList(7L, null));
  }

  @Test
  void infersColumnsFromValidLines() throws IOException {
    SourceLoad load = session.loadSource(SourceSpec.file("events", SourceFormat.JSONL, events(), List.of()), "ev2");

    assertThat(load.schema().columns()).containsExactly(new Column("id", LogicalType.VARCHAR),
        new Column("name", LogicalType.VARCHAR), new Column("ts", LogicalType.VARCHAR),
        new Column("amount", LogicalType.DOUBLE));
    assertThat(load.rows()).isEqualTo(5);
    assertThat(load.rejects()).extracting(Reject::line).containsExactly(3L, 6L);
  }

  @Test
  void rejectsOnlyTheLineWithAnInvalidUtf8Byte() throws IOException {
    Path file = dir.resolve("bytes.jsonl");
    byte[] bad = "{\"id\": 2, \"name\": \"x\u0000\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    bad[bad.length - 4] = (byte) 0xff;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write("{\"id\": 1, \"name\": \"a\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.write(bad);
    out.write("{\"id\": 3, \"name\": \"c\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Files.write(file, out.toByteArray());

    SourceLoad load = session.loadSource(SourceSpec.file("b", SourceFormat.JSONL, file, List.of()), "b");

    assertThat(load.rows()).isEqualTo(2);
    assertThat(load.rejects()).singleElement().satisfies(r -> {
      assertThat(r.line()).isEqualTo(2);
      assertThat(r.reason()).startsWith("INVALID ENCODING");
    });
  }

  @Test
  void stripsAByteOrderMarkFromTheFirstLine() throws IOException {
    Path file = dir.resolve("bom.jsonl");
    Files.writeString(file, "\uFEFF{\"id\": 1}\n{\"id\": 2}\n");

    SourceLoad load = session.loadSource(SourceSpec.file("bom", SourceFormat.JSONL, file, List.of()), "bom");

    assertThat(load.rejects()).isEmpty();
    assertThat(load.rows()).isEqualTo(2);
  }

  @Test
  void refusesKeysThatDifferOnlyInCaseNamingThem() throws IOException {
    Path file = dir.resolve("case.jsonl");
    Files.writeString(file, "{\"id\": 1}\n{\"ID\": 2}\n");

    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            session.loadSource(SourceSpec.file("case", SourceFormat.JSONL, file, List.of()), "case"))
        .hasMessage("Cannot read source 'case' from " + file + ": keys 'id' and 'ID' differ only in case, "
            + "and column names are case-insensitive (rename one in the data, or declare columns to read "
            + "only one)");
  }
}
