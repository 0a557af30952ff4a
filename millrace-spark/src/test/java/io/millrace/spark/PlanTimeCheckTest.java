package io.millrace.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On Spark every model is analysed by Spark at plan time: what Spark lacks stops the run before data moves. */
class PlanTimeCheckTest {
  @TempDir Path dir;

  @Test
  void aFunctionSparkLacksIsRefusedBeforeAnythingRuns() throws Exception {
    Files.createDirectories(dir.resolve("models"));
    Files.writeString(dir.resolve("data.csv"), "id,name\n1,a\n2,b\n");
    Files.writeString(dir.resolve("millrace.yaml"), """
        name: p
        engine: {type: spark, master: "local[1]"}
        sources:
          items: {format: csv, path: data.csv, columns: {id: integer, name: string}}
        models:
          good: {materialized: table}
          bad: {materialized: table}
        """);
    Files.writeString(dir.resolve("models/good.sql"), "select id, upper(name) as name from items\n");
    Files.writeString(dir.resolve("models/bad.sql"), "-- a DuckDB-only function\nselect id,\n  list_value(id, 2) as pair\nfrom good\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    int code;
    try {
      PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8);
      System.setOut(p);
      System.setErr(p);
      code = Main.execute("run", dir.toString());
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(text).isEqualTo(2);
    assertThat(text).contains("bad").contains("list_value").contains("line 3");
    // nothing was committed: not even the source
    Path wh = dir.resolve("warehouse");
    assertThat(!Files.exists(wh) || Files.list(wh).noneMatch(f -> f.getFileName().toString().equals("items"))).as(text).isTrue();
  }
}
