package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sql` is read-only unless asked, user SQL cannot reach files outside the project, NULL is visible. */
class SqlSafetyTest {
  @TempDir Path tmp;

  @Test
  void sqlRefusesCopyAndAttachBeforeRunningThem() throws Exception {
    Path p = project();
    Path copied = tmp.resolve("copied.csv");
    Path attached = tmp.resolve("attached.duckdb");

    CliRun copy = CliRun.of("sql", p.toString(), "copy (select 1) to '" + copied + "'");
    CliRun attach = CliRun.of("sql", p.toString(), "attach '" + attached + "' as x");
    CliRun inside = CliRun.of("sql", p.toString(), "copy (select 1) to '" + p.resolve("inside.csv") + "'");

    assertThat(copy.exitCode()).isEqualTo(2);
    assertThat(copy.err()).contains("Cannot run statement 'copy (select 1) to").contains("read-only")
        .contains("--write");
    assertThat(attach.exitCode()).isEqualTo(2);
    assertThat(inside.exitCode()).isEqualTo(2);
    assertThat(copied).doesNotExist();
    assertThat(attached).doesNotExist();
    assertThat(p.resolve("inside.csv")).doesNotExist();
  }

  @Test
  void writeAllowsStatementsButOnlyInsideTheProject() throws Exception {
    Path p = project();
    Path outside = tmp.resolve("outside.csv");

    CliRun inside = CliRun.of("sql", p.toString(), "--write", "copy (select 1 as x) to '" + p.resolve("inside.csv") + "'");
    CliRun escape = CliRun.of("sql", p.toString(), "--write", "copy (select 1 as x) to '" + outside + "'");
    CliRun unlock = CliRun.of("sql", p.toString(), "--write", "set enable_external_access = true");
    CliRun read = CliRun.of("sql", p.toString(), "select * from read_csv('" + tmp.resolve("secret.csv") + "')");

    assertThat(inside.exitCode()).as(inside.toString()).isZero();
    assertThat(p.resolve("inside.csv")).exists();
    assertThat(escape.exitCode()).isNotZero();
    assertThat(escape.err()).contains("Permission Error");
    assertThat(outside).doesNotExist();
    assertThat(unlock.exitCode()).isNotZero();
    assertThat(unlock.err()).contains("locked");
    assertThat(read.exitCode()).isNotZero();
    assertThat(read.out()).doesNotContain("s3cr3t");
  }

  @Test
  void modelsStayOneSelect() throws Exception {
    Path p = project();
    Files.writeString(p.resolve("models/b.sql"), "copy (select 1) to '" + tmp.resolve("m.csv") + "'");

    CliRun r = CliRun.of("run", p.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(tmp.resolve("m.csv")).doesNotExist();
  }

  @Test
  void tableOutputTellsNullFromTheTextNull() throws Exception {
    Path p = project();
    String q = "select * from (values (1, NULL), (2, 'NULL'), (3, ''), (4, ' x'), (5, 'plain')) t(i, s) order by i";

    String table = CliRun.of("sql", p.toString(), q).out();
    String csv = CliRun.of("sql", p.toString(), "--format", "csv", q).out();
    String json = CliRun.of("sql", p.toString(), "--format", "json", q).out();

    assertThat(table.lines().skip(2).map(String::strip)).containsExactly("1  NULL", "2  'NULL'", "3  ''",
        "4  ' x'", "5  plain");
    assertThat(csv.lines()).containsExactly("i,s", "1,", "2,NULL", "3,\"\"", "4, x", "5,plain");
    assertThat(json).contains("\"s\" : null").contains("\"s\" : \"NULL\"").contains("\"s\" : \"\"");
  }

  private Path project() throws Exception {
    Files.writeString(tmp.resolve("secret.csv"), "k\ns3cr3t\n");
    Path dir = Files.createTempDirectory(tmp, "p");
    Files.writeString(dir.resolve("millrace.yaml"), "name: safe\n");
    Files.createDirectories(dir.resolve("models"));
    Files.writeString(dir.resolve("models/a.sql"), "select 1 as x");
    return dir;
  }
}
