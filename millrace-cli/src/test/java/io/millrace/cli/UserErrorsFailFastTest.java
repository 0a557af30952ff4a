package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors that are the user's are not retried: with 3 retries 5 minutes apart configured, each of
 * these fails on its first attempt, naming the file and what was expected.
 */
class UserErrorsFailFastTest {
  private static final String PIPELINE = "pipeline: {retries: 3, retry_delay: 5m}\n";
  @TempDir Path dir;

  @Test
  void aNonUtf8ByteInACsvHeaderFailsOnceNamingFileAndLine() throws Exception {
    Path csv = dir.resolve("data.csv");
    byte[] header = "id,na\u00e9me\n1,a\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Files.write(csv, header);
    Path p = project("name: enc\n" + PIPELINE + "sources:\n  s: {path: " + csv + ", columns: {id: integer}}\n");
    CliRun r = CliRun.of("run", p.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err() + r.out()).contains("Cannot read source 's' from " + csv
        + ": line 1 (the header) is not valid UTF-8").doesNotContain("Input length");
    assertThat(attemptsOf(p, "s")).isEqualTo("1");
  }

  @Test
  void anExportWhereAFileStandsInForAFolderFailsOnceNamingThePath() throws Exception {
    Files.writeString(dir.resolve("blocker"), "not a folder");
    Path p = project("name: exp\n" + PIPELINE + "exports:\n  - {table: a, format: csv, path: "
        + dir.resolve("blocker/out.csv") + "}\n");
    Files.writeString(p.resolve("models/a.sql"), "select 1 as x");
    CliRun r = CliRun.of("run", p.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err() + r.out()).contains("Cannot export table 'a' to " + dir.resolve("blocker/out.csv")
        + ": cannot create folder " + dir.resolve("blocker") + ": " + dir.resolve("blocker")
        + " is a file, where a folder is expected");
    assertThat(attemptsOf(p, "export:a:0")).isEqualTo("1");
    // The table the run built before the export stays committed and readable; the blocker is untouched.
    CliRun sql = CliRun.of("sql", p.toString(), "select x from a");
    assertThat(sql.exitCode()).as(sql.toString()).isZero();
    assertThat(sql.out()).contains("1");
    assertThat(Files.readString(dir.resolve("blocker"))).isEqualTo("not a folder");
  }

  @Test
  void aCorruptRunStoreIsAUserErrorNamingTheFile() throws Exception {
    Path p = project("name: corrupt\n");
    Files.writeString(p.resolve("models/a.sql"), "select 1 as x");
    Files.createDirectories(p.resolve(".millrace"));
    Files.write(p.resolve(".millrace/runs.db"), "this is not a database, but it is long enough to look like one"
        .repeat(20).getBytes());
    CliRun r = CliRun.of("runs", p.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("Cannot open run store " + p.resolve(".millrace/runs.db").toAbsolutePath().normalize()
        + ": the file is not a SQLite database or is corrupt");
  }

  /** The attempts {@code runs P RUN_ID} lists for the node, as "1" or "1,2,..." */
  private static String attemptsOf(Path p, String node) {
    CliRun list = CliRun.of("runs", p.toString());
    String runId = list.out().lines().skip(2).findFirst().orElseThrow().trim().split("\\s+")[0];
    CliRun one = CliRun.of("runs", p.toString(), runId);
    return String.join(",", one.out().lines().filter(l -> l.startsWith(node + " "))
        .map(l -> l.trim().split("\\s+")[1]).toList());
  }

  private Path project(String yaml) throws Exception {
    Path p = Files.createTempDirectory(dir, "p");
    Files.writeString(p.resolve("millrace.yaml"), yaml);
    Files.createDirectories(p.resolve("models"));
    return p;
  }
}
