package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse as a user meets it: moved and copied projects, time travel, corrupt tables (issue 8: 3, 9, 17). */
class WarehouseCommandsTest {
  @TempDir Path tmp;

  private Path project(Path dir, String yaml, String... models) throws IOException {
    Files.createDirectories(dir.resolve("models"));
    Files.writeString(dir.resolve("millrace.yaml"), yaml);
    for (int i = 0; i < models.length; i += 2) {
      Files.writeString(dir.resolve("models").resolve(models[i] + ".sql"), models[i + 1]);
    }
    return dir;
  }

  private static CliRun ok(String... args) {
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  private static String firstSnapshot(Path p) {
    return ok("tables", p.toString(), "--snapshots").out().lines().filter(l -> l.trim().startsWith("@"))
        .findFirst().orElseThrow().trim().split("\\s+")[0].substring(1);
  }

  /** Two runs: snapshot 1 holds 1 row, snapshot 2 holds 3. */
  private Path twoRuns(Path dir) throws IOException {
    Path p = project(dir, "name: mv\nvars: {n: '1'}\n", "a", "select range as i from range(${n})");
    ok("run", p.toString());
    ok("run", p.toString(), "--var", "n=3");
    return p;
  }

  @Test
  void aMovedProjectQueriesTimeTravelsAndRuns() throws Exception {
    Path p = twoRuns(tmp.resolve("p"));
    String first = firstSnapshot(p);
    Path moved = Files.move(p, tmp.resolve("p2"));

    assertThat(ok("sql", moved.toString(), "--format", "csv", "select count(*) from a").out()).isEqualTo("count_star()\n3\n");
    assertThat(ok("sql", moved.toString(), "--format", "csv", "--as-of", first, "select count(*) from a").out())
        .endsWith("\n1\n");
    ok("run", moved.toString(), "--var", "n=5");
    assertThat(ok("sql", moved.toString(), "--format", "csv", "select count(*) from a").out()).endsWith("\n5\n");
  }

  @Test
  void aCopiedProjectReadsItsOwnFilesOnly() throws Exception {
    Path p = twoRuns(tmp.resolve("p"));
    Path copy = copy(p, tmp.resolve("p2"));
    ok("run", copy.toString(), "--var", "n=7");
    assertThat(ok("sql", copy.toString(), "--format", "csv", "select count(*) from a").out()).endsWith("\n7\n");
    assertThat(ok("sql", p.toString(), "--format", "csv", "select count(*) from a").out()).endsWith("\n3\n");

    try (Stream<Path> data = Files.list(copy.resolve("warehouse/a/data"))) {
      data.forEach(WarehouseCommandsTest::delete);
    }
    CliRun gone = CliRun.of("sql", copy.toString(), "select count(*) from a");
    assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(2);
    assertThat(gone.err()).contains("Cannot read table 'a': its data file " + copy.resolve("warehouse/a/data"))
        .doesNotContain("\tat ");
    assertThat(ok("sql", p.toString(), "--format", "csv", "select count(*) from a").out()).endsWith("\n3\n");
  }

  @Test
  void timeTravelShowsTheSnapshotsOwnColumns() throws Exception {
    Path p = project(tmp.resolve("tt"), "name: tt\n", "t", "select 1 as id, 'x' as dropped, 7 as retyped");
    ok("run", p.toString());
    String first = firstSnapshot(p);
    Files.writeString(p.resolve("models/t.sql"), "select 2 as id, 'seven' as retyped, 5 as added");
    ok("run", p.toString());

    assertThat(ok("sql", p.toString(), "--format", "csv", "--as-of", first, "select * from t").out())
        .isEqualTo("id,dropped,retyped\n1,x,7\n");
    assertThat(ok("sql", p.toString(), "--format", "csv", "select * from t").out())
        .isEqualTo("id,retyped,added\n2,seven,5\n");
    String snaps = ok("tables", p.toString(), "--snapshots").out();
    assertThat(snaps.lines().findFirst().orElseThrow()).contains("schema_id");
    assertThat(snaps.lines().filter(l -> l.trim().startsWith("@")).map(l -> l.trim().split("\\s+"))
        .map(c -> c[c.length - 1]).distinct().count()).isEqualTo(2);
  }

  @Test
  void aCorruptTableIsSkippedNamedAndRepairable() throws Exception {
    Path p = project(tmp.resolve("c"), "name: c\npipeline: {retries: 0}\n", "a", "select 1 as x", "b", "select 2 as y");
    ok("run", p.toString());
    Path meta = p.resolve("warehouse/b/metadata");
    try (Stream<Path> files = Files.list(meta)) {
      files.filter(f -> f.getFileName().toString().endsWith(".metadata.json")).forEach(f -> write(f, ""));
    }

    CliRun tables = ok("tables", p.toString());
    assertThat(tables.out()).contains("a").doesNotContain("\nb ");
    assertThat(tables.err()).contains("warning: skipped table 'b'").contains(meta.toString()).doesNotContain("\tat ");
    assertThat(ok("sql", p.toString(), "--format", "csv", "select * from a").out()).isEqualTo("x\n1\n");
    CliRun b = CliRun.of("sql", p.toString(), "select * from b");
    assertThat(b.exitCode()).as(b.toString()).isEqualTo(2);
    assertThat(b.err()).contains("Cannot read table 'b'").contains("--recover b").doesNotContain("\tat ");
    CliRun run = CliRun.of("run", p.toString());
    assertThat(run.exitCode()).as(run.toString()).isNotZero().isNotEqualTo(4);

    CliRun recover = CliRun.of("tables", p.toString(), "--recover", "b");
    assertThat(recover.exitCode()).isEqualTo(2);
    assertThat(recover.err()).contains("--drop b");
    assertThat(ok("tables", p.toString(), "--drop", "b").out()).contains("Dropped table 'b'");
    ok("run", p.toString());
    assertThat(ok("sql", p.toString(), "--format", "csv", "select * from b").out()).isEqualTo("y\n2\n");
  }

  private static void write(Path f, String text) {
    try {
      Files.writeString(f, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path f) {
    try {
      Files.delete(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }
}
