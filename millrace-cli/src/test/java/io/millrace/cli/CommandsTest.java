package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes, error messages and the smaller commands. */
class CommandsTest {
  @TempDir Path tmp;

  @Test
  void cyclicModelsFailAtPlanTimeWithExitCode2AndTheCycle() throws Exception {
    Path p = project("name: cyc\n", "a", "select * from b", "b", "select * from a");
    CliRun r = CliRun.of("plan", p.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("cycle").containsPattern("a -> b -> a|b -> a -> b");
  }

  @Test
  void unknownReferenceNamesTheModelAndTable() throws Exception {
    Path p = project("name: unk\n", "a", "select * from nowhere");
    CliRun r = CliRun.of("run", p.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("'a'").contains("nowhere");
  }

  @Test
  void sqlTheEngineRejectsIsAProjectError() throws Exception {
    Path p = project("name: bad\n", "a", "select 1 as x", "b", "select y from a");
    CliRun r = CliRun.of("plan", p.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("models/b.sql").contains("y");
  }

  @Test
  void malformedYamlNamesFileLineAndColumn() throws Exception {
    Path p = project("name: [unclosed\n");
    CliRun r = CliRun.of("plan", p.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).containsPattern("millrace.yaml:\\d+:\\d+");
  }

  @Test
  void aSuiteNamingAMissingColumnFailsAtPlanTime() throws Exception {
    Path p = project("name: q\nmodels:\n  a: {checks: checks/a.yaml}\n", "a", "select 1 as x");
    Files.createDirectories(p.resolve("checks"));
    Files.writeString(p.resolve("checks/a.yaml"),
        "name: a\nexpectations:\n  - expect_column_values_to_not_be_null: {column: y}\n");
    CliRun r = CliRun.of("plan", p.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("a.yaml").contains("expect_column_values_to_not_be_null").contains("'y'");
  }

  @Test
  void planPrintsLevelsAndCriticalPath() throws Exception {
    Path p = project("name: ok\n", "a", "select 1 as x", "b", "select x + 1 as y from a", "c", "select * from a");
    CliRun r = CliRun.of("plan", p.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("level 0").contains("level 1").contains("critical path");
  }

  @Test
  void inspectingCommandsDoNotNeedEnvironmentVariablesOnlyExportsUse() throws Exception {
    Path p = project("name: envx\n", "a", "select 1 as x");
    assertThat(CliRun.of("run", p.toString()).exitCode()).isZero();
    Files.writeString(p.resolve("millrace.yaml"), "name: envx\nexports:\n"
        + "  - {table: a, format: csv, path: \"${env:MILLRACE_TEST_NEVER_SET}/a.csv\"}\n");
    for (String command : List.of("runs", "report", "tables")) {
      CliRun r = CliRun.of(command, p.toString());
      assertThat(r.exitCode()).as(command + ": " + r).isZero();
    }
    CliRun run = CliRun.of("run", p.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("environment variable 'MILLRACE_TEST_NEVER_SET' is not set");
  }

  @Test
  void oddModelFilesGetOneSentenceNamingTheFileAndExit2() throws Exception {
    for (String sql : List.of("select 1 as x; select 2 as y", "-- only a comment\n", ";", "select 1 as x; drop table t")) {
      Path p = project("name: odd\n", "m", sql);
      CliRun r = CliRun.of("plan", p.toString());
      assertThat(r.exitCode()).as(sql + ": " + r).isEqualTo(2);
      assertThat(r.err()).contains("Cannot plan model 'm' (models/m.sql): it holds").contains("a model is exactly one SELECT")
          .doesNotContain("ClassCast").doesNotContain("memory").doesNotContain("serialized");
    }
  }

  @Test
  void timeTravelReadsAnEarlierSnapshot() throws Exception {
    Path p = project("name: tt\nvars: {n: '1'}\n", "a", "select range as i from range(${n})");
    assertThat(CliRun.of("run", p.toString()).exitCode()).isZero();
    String first = CliRun.of("tables", p.toString(), "--snapshots").out();
    assertThat(CliRun.of("run", p.toString(), "--var", "n=5").exitCode()).isZero();
    String snapshot = first.lines().filter(l -> l.trim().startsWith("@")).findFirst().orElseThrow().trim().split("\\s+")[0].substring(1);
    assertThat(CliRun.of("sql", p.toString(), "--format", "csv", "select count(*) from a").out()).contains("\n5");
    CliRun old = CliRun.of("sql", p.toString(), "--format", "csv", "--as-of", snapshot, "select count(*) from a");
    assertThat(old.exitCode()).as(old.toString()).isZero();
    assertThat(old.out()).contains("\n1");
    CliRun early = CliRun.of("sql", p.toString(), "--as-of", "2000-01-01", "select count(*) from a");
    assertThat(early.exitCode()).isEqualTo(2);
    assertThat(early.err()).contains("Cannot query table 'a' as of 2000-01-01: it has no snapshot that early");
  }

  @Test
  void evolvedIncrementalTableReadsOldFilesByFieldId() throws Exception {
    Path p = project("name: evo\nmodels:\n  t: {materialized: incremental}\n", "t", "select 1 as id, 'old' as v, 7 as gone");
    assertThat(CliRun.of("run", p.toString()).exitCode()).isZero();
    Files.writeString(p.resolve("models/t.sql"), "select 2 as id, 42 as v");   // v retyped, gone dropped
    CliRun second = CliRun.of("run", p.toString());
    assertThat(second.exitCode()).as(second.toString()).isZero();
    CliRun r = CliRun.of("sql", p.toString(), "--format", "csv", "select * from t order by id");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("id,v\n1,\n2,42\n");
  }

  @Test
  void aSecondRunOfTheSameProjectStopsWhileTheFirstHoldsTheLock() throws Exception {
    Path p = project("name: lk\n", "a", "select 1 as x");
    Files.createDirectories(p.resolve(".millrace"));
    try (var ch = java.nio.channels.FileChannel.open(p.resolve(".millrace/run.lock"),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
         var held = ch.lock()) {
      CliRun r = CliRun.of("run", p.toString());
      assertThat(r.exitCode()).isEqualTo(3);
      assertThat(r.err()).contains("another millrace process is running it");
    }
    assertThat(CliRun.of("run", p.toString()).exitCode()).isZero();
  }

  @Test
  void aMistypedVarIsRefusedWithTheClosestName() throws Exception {
    Path p = project("name: v\nvars: {input: a.csv}\n", "a", "select 1 as x");
    CliRun r = CliRun.of("plan", p.toString(), "--var", "inptu=b.csv");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--var inptu").contains("did you mean 'input'");
  }

  @Test
  void exportsToOneSqliteFileDoNotCollide() throws Exception {
    Path db = tmp.resolve("one.sqlite");
    Path p = project("name: ex\npipeline: {retries: 0}\nexports:\n"
            + "  - {table: a, format: sqlite, path: '" + db + "'}\n"
            + "  - {table: b, format: sqlite, path: '" + db + "'}\n"
            + "  - {table: c, format: sqlite, path: '" + db + "'}\n",
        "a", "select range as i, 'x' || range as s from range(200000)",
        "b", "select range as j from range(150000)",
        "c", "select range as k from range(100000)");
    CliRun r = CliRun.of("run", p.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement();
         var rs = s.executeQuery("select (select count(*) from a), (select count(*) from b), (select count(*) from c)")) {
      rs.next();
      assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).containsExactly(200000L, 150000L, 100000L);
    }
  }

  @Test
  void validateExitCodesFollowTheVerdict() throws Exception {
    Path csv = tmp.resolve("d.csv");
    Files.writeString(csv, "id,price\n1,10.5\n2,-3\n3,7\n");
    Path pass = tmp.resolve("pass.yaml");
    Files.writeString(pass, "name: p\nexpectations:\n  - expect_column_values_to_not_be_null: {column: id}\n");
    Path fail = tmp.resolve("fail.json");
    Files.writeString(fail, "{\"expectation_suite_name\": \"f\", \"expectations\": [{\"expectation_type\": "
        + "\"expect_column_values_to_be_between\", \"kwargs\": {\"column\": \"price\", \"min_value\": 0}}]}");
    assertThat(CliRun.of("validate", csv.toString(), "--suite", pass.toString()).exitCode()).isZero();
    CliRun failed = CliRun.of("validate", csv.toString(), "--suite", fail.toString(), "--format", "json");
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.out()).contains("\"success\" : false").contains("\"unexpected_count\" : 1")
        .contains("\"evaluated_expectations\" : 1");
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "name: b\nexpectations:\n  - expect_column_values_to_be_shiny: {column: id}\n");
    CliRun usage = CliRun.of("validate", csv.toString(), "--suite", bad.toString());
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.err()).contains("bad.yaml").contains("expect_column_values_to_be_shiny");
  }

  @Test
  void profilePrintsEntropyAndInformationGainAsJson() throws Exception {
    Path csv = tmp.resolve("p.csv");
    Files.writeString(csv, "color,label\nred,1\nred,1\nblue,0\nblue,0\n");
    CliRun r = CliRun.of("profile", csv.toString(), "--target", "label", "--format", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("\"rows\" : 4").contains("\"entropy\" : 1.0").contains("\"information_gain\" : 1.0");
  }

  @Test
  void generateSalesIsDeterministic() throws Exception {
    Path a = tmp.resolve("a.csv");
    Path b = tmp.resolve("b.csv");
    assertThat(CliRun.of("generate", "sales", "--rows", "1000", "--seed", "3", "--out", a.toString()).exitCode()).isZero();
    assertThat(CliRun.of("generate", "sales", "--rows", "1000", "--seed", "3", "--out", b.toString()).exitCode()).isZero();
    assertThat(Files.readString(a)).isEqualTo(Files.readString(b)).startsWith("date,product_id,quantity,price,customer_id");
    assertThat(Files.readAllLines(a)).hasSize(1001);
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertThat(CliRun.of("run", "--no-such-flag").exitCode()).isEqualTo(2);
  }

  /** A project with millrace.yaml and models given as name, sql pairs. */
  private Path project(String yaml, String... models) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "p");
    Files.writeString(dir.resolve("millrace.yaml"), yaml);
    Files.createDirectories(dir.resolve("models"));
    for (int i = 0; i < models.length; i += 2) {
      Files.writeString(dir.resolve("models").resolve(models[i] + ".sql"), models[i + 1]);
    }
    return dir;
  }
}
