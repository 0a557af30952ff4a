package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small project with a model that fails at run time on a value registered as a secret (as
 * {@code ${env:...}} values are): the lineage command, the node logs, and a grep of every log and
 * lineage event for the secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LineageAndLogsTest {
  private static final String SECRET = "pl4nted-s3cret-" + Long.toHexString(System.nanoTime());
  private static final ObjectMapper JSON = new ObjectMapper();
  Path project;
  CliRun run;

  @BeforeAll
  void runProject(@TempDir Path dir) throws Exception {
    Secrets.register(SECRET);
    project = dir.resolve("shop");
    Files.createDirectories(project.resolve("models"));
    Files.writeString(project.resolve("orders.csv"), "id,customer,amount\n1,ann,10.5\n2,bob,3\n3,ann,7\n");
    Files.writeString(project.resolve("millrace.yaml"), """
        name: shop
        sources:
          orders: {format: csv, path: orders.csv, columns: {id: integer, customer: varchar, amount: double}}
        models:
          totals: {materialized: table}
          top: {materialized: view}
          broken: {materialized: table}
        pipeline: {retries: 0}
        """);
    Files.writeString(project.resolve("models/totals.sql"),
        "select customer as who, sum(amount) as spent, count(*) as n from orders where amount > 0 group by customer");
    Files.writeString(project.resolve("models/top.sql"), "select t.*, upper(who) as label from totals t order by spent desc");
    Files.writeString(project.resolve("models/broken.sql"),
        "select id,\n  cast('" + SECRET + "' as integer) as leak\nfrom orders");
    run = CliRun.of("run", project.toString());
  }

  @Test
  void columnLineageGoesBackToTheSources() {
    assertThat(run.exitCode()).as(run.toString()).isNotZero();   // 'broken' fails
    CliRun up = CliRun.of("lineage", project.toString(), "top.spent");
    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(up.out()).isEqualTo("""
        top.spent
        └── totals.spent (identity)
            └── orders.amount (aggregation)
        """);
    CliRun down = CliRun.of("lineage", project.toString(), "orders.customer", "--downstream", "--format", "json");
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(down.out()).contains("\"table\" : \"totals\"", "\"column\" : \"who\"", "\"column\" : \"label\"");
    CliRun tables = CliRun.of("lineage", project.toString(), "top");
    assertThat(tables.out()).isEqualTo("top\n└── totals\n    └── orders\n");
  }

  @Test
  void unknownColumnsAreNamedWithASuggestion() {
    CliRun bad = CliRun.of("lineage", project.toString(), "top.spnt");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("Cannot find column 'spnt' of table 'top'; did you mean 'spent'?");
  }

  @Test
  void planPrintsColumnLineage() {
    CliRun plan = CliRun.of("plan", project.toString(), "--lineage");
    assertThat(plan.out()).contains("  label <- totals.who transformation",
        "  (rows) <- orders.amount filter, orders.customer group_by");
  }

  @Test
  void logsShowStatementsRowsAndTheErrorWithItsPosition() {
    CliRun logs = CliRun.of("logs", project.toString(), "last", "broken");
    assertThat(logs.exitCode()).as(logs.toString()).isZero();
    assertThat(logs.out()).contains("attempt 1 of broken started", "statement:", "ERROR failed after");
    assertThat(logs.out()).containsIgnoringCase("conversion");
    // each engine call of the attempt, timed, with its rows: the failing one as a warning
    assertThat(logs.out()).containsPattern("WARN +[a-zA-Z]+ failed after [0-9.]+ ms: ");
    CliRun totals = CliRun.of("logs", project.toString(), "last", "totals");
    assertThat(totals.out()).as(totals.toString())
        .containsPattern("describe [0-9.]+ ms, 3 columns: select customer as who, sum\\(amount\\)")
        .containsPattern("writeParquet [0-9.]+ ms, 2 rows: ");
    CliRun json = CliRun.of("logs", project.toString(), "last", "--log-format", "json");
    List<String> lines = json.out().lines().toList();
    assertThat(lines).isNotEmpty();
    assertThat(lines).allSatisfy(l -> assertThat(JSON.readTree(l).path("node").asText()).isNotEmpty());
    assertThat(json.out()).contains("\"node\":\"orders\"", "rows read 3, written 3", "LINE 2:");
  }

  @Test
  void theSecretAppearsInNoLogNoLineageEventAndNoOutput() throws Exception {
    List<Path> files;
    try (Stream<Path> all = Files.walk(project.resolve(".millrace"))) {
      files = all.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".jsonl"))
          .toList();
    }
    assertThat(files).anyMatch(f -> f.toString().contains("/logs/")).anyMatch(f -> f.toString().endsWith("events.jsonl"));
    boolean masked = false;
    for (Path f : files) {
      String text = Files.readString(f);
      assertThat(text).as(f.toString()).doesNotContain(SECRET);
      masked |= text.contains("***");
    }
    assertThat(masked).as("the secret was there to mask").isTrue();
    assertThat(run.out() + run.err()).doesNotContain(SECRET);
    JsonNode fail = Files.readAllLines(project.resolve(".millrace/lineage/events.jsonl")).stream().map(this::tree)
        .filter(e -> e.path("eventType").asText().equals("FAIL") && e.path("job").path("name").asText().equals("shop.broken"))
        .findFirst().orElseThrow();
    assertThat(fail.path("run").path("facets").path("errorMessage").path("message").asText()).contains("***");
  }

  private JsonNode tree(String line) {
    try {
      return JSON.readTree(line);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
