package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs both examples and validates every OpenLineage event they emit against the published JSON
 * schema (the event and each facet), then checks what the events say.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenLineageEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  OpenLineageSchemas schemas;
  Path sales;
  Path recsys;
  CliRun salesRun;
  CliRun recsysRun;

  @BeforeAll
  void runExamples(@TempDir Path dir) throws Exception {
    schemas = new OpenLineageSchemas();
    sales = CliRun.copyExample("sales-etl", dir);
    salesRun = CliRun.of("run", sales.toString(), "--var", "rows=3000", "--var",
        "sqlite_path=" + dir.resolve("out/sales.sqlite"));
    recsys = CliRun.copyExample("recsys", dir);
    recsysRun = CliRun.of("run", recsys.toString(), "--var", "users=100", "--var", "transactions=1000");
  }

  private static List<JsonNode> events(Path project) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(project.resolve(".millrace/lineage/events.jsonl"))) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  @Test
  void everyEventOfBothExamplesValidatesAgainstTheOpenLineageSchema() throws Exception {
    assertThat(salesRun.exitCode()).as(salesRun.toString()).isZero();
    assertThat(recsysRun.exitCode()).as(recsysRun.toString()).isZero();
    int checked = 0;
    for (Path p : List.of(sales, recsys)) {
      for (String line : Files.readAllLines(p.resolve(".millrace/lineage/events.jsonl"))) {
        assertThat(schemas.errors(line)).as(line).isEmpty();
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(20);
    assertThat(schemas.errors("{\"eventType\":\"START\",\"run\":{\"runId\":\"not-a-uuid\"}}"))
        .as("the validator rejects a broken event").isNotEmpty();
  }

  @Test
  void runAndEveryNodeStartAndComplete() throws Exception {
    List<JsonNode> events = events(sales);
    List<String> runTypes = events.stream().filter(e -> e.path("job").path("name").asText().equals("sales-etl"))
        .map(e -> e.path("eventType").asText()).toList();
    assertThat(runTypes).containsExactly("START", "COMPLETE");
    for (String node : List.of("sales", "customer_stats", "product_stats", "sales_data", "daily_summary",
        "customer_summary")) {
      List<JsonNode> mine = events.stream().filter(e -> e.path("job").path("name").asText().equals("sales-etl." + node))
          .toList();
      assertThat(mine.stream().map(e -> e.path("eventType").asText())).as(node).containsExactly("START", "COMPLETE");
      JsonNode parent = mine.get(0).path("run").path("facets").path("parent");
      assertThat(parent.path("job").path("name").asText()).isEqualTo("sales-etl");
      assertThat(parent.path("run").path("runId").asText()).isEqualTo(events.get(0).path("run").path("runId").asText());
    }
  }

  @Test
  void outputsCarrySchemaAndColumnLineage() throws Exception {
    JsonNode complete = events(sales).stream().filter(e -> e.path("job").path("name").asText().equals("sales-etl.sales_data")
        && e.path("eventType").asText().equals("COMPLETE")).findFirst().orElseThrow();
    JsonNode out = complete.path("outputs").get(0);
    assertThat(out.path("name").asText()).isEqualTo("sales_data");
    assertThat(out.path("namespace").asText()).startsWith("file://");
    assertThat(out.path("facets").path("schema").path("fields").size()).isEqualTo(17);
    JsonNode total = out.path("facets").path("columnLineage").path("fields").path("total_amount").path("inputFields");
    assertThat(fields(total)).containsExactlyInAnyOrder("sales.price DIRECT/TRANSFORMATION", "sales.quantity DIRECT/TRANSFORMATION");
    JsonNode spent = out.path("facets").path("columnLineage").path("fields").path("total_spent").path("inputFields");
    assertThat(fields(spent)).containsExactly("customer_stats.total_spent DIRECT/IDENTITY");
    assertThat(fields(out.path("facets").path("columnLineage").path("dataset")))
        .contains("sales.customer_id INDIRECT/JOIN", "customer_stats.customer_id INDIRECT/JOIN");
    assertThat(out.path("outputFacets").path("outputStatistics").path("rowCount").asLong()).isPositive();
    assertThat(complete.path("inputs").findValuesAsText("name")).contains("sales", "customer_stats", "product_stats");
  }

  @Test
  void runCompleteCarriesTheChecksAsDataQualityAssertions() throws Exception {
    JsonNode end = events(sales).stream().filter(e -> e.path("job").path("name").asText().equals("sales-etl")
        && e.path("eventType").asText().equals("COMPLETE")).findFirst().orElseThrow();
    JsonNode input = StreamSupport.stream(end.path("inputs").spliterator(), false)
        .filter(d -> d.path("name").asText().equals("sales")).findFirst().orElseThrow();
    JsonNode assertions = input.path("inputFacets").path("dataQualityAssertions").path("assertions");
    assertThat(assertions.size()).isPositive();
    assertThat(assertions.findValuesAsText("success")).contains("false");   // the sample data has defects
    assertThat(schemas.knows("dataQualityAssertions")).isTrue();
  }

  @Test
  void streamJobRunEventsValidateToo() throws Exception {
    var spec = io.millrace.core.project.ProjectLoader.load(recsys, java.util.Map.of());
    var events = new io.millrace.core.lineage.OpenLineageEvents(spec, io.millrace.core.lineage.LineageConfig.file());
    assertThat(spec.streams()).isNotEmpty();
    for (var job : spec.streams().values()) {
      var run = new io.millrace.api.run.RunRecord("r1", spec.name(), "stream", null, null,
          io.millrace.api.run.RunState.FAILED, java.time.Instant.now(), java.time.Instant.now(), 0, 0, 0, 0, "broker down");
      for (String type : List.of("START", "FAIL")) {
        JsonNode e = events.streamEvent(type, run, job, java.time.Instant.now());
        assertThat(schemas.errors(e.toString())).as(e.toString()).isEmpty();
        assertThat(e.path("inputs").get(0).path("name").asText()).isEqualTo(job.topic());
        assertThat(StreamSupport.stream(e.path("outputs").spliterator(), false).map(d -> d.path("name").asText()))
            .containsExactlyElementsOf(job.tables());
      }
    }
  }

  @Test
  void intervalRunsCarryTheirNominalTime() throws Exception {
    var spec = io.millrace.core.project.ProjectLoader.load(recsys, java.util.Map.of());
    var events = new io.millrace.core.lineage.OpenLineageEvents(spec, io.millrace.core.lineage.LineageConfig.file());
    var run = new io.millrace.api.run.RunRecord("r2", spec.name(), "backfill", "2025-01-01T00:00:00",
        "2025-01-01T01:00:00", io.millrace.api.run.RunState.RUNNING, java.time.Instant.now(), null, 0, 0, 0, 0, null);
    JsonNode e = events.runEvent("START", run, java.time.Instant.now(), List.of());
    assertThat(schemas.errors(e.toString())).as(e.toString()).isEmpty();
    JsonNode nominal = e.path("run").path("facets").path("nominalTime");
    assertThat(nominal.path("nominalStartTime").asText()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(nominal.path("nominalEndTime").asText()).isEqualTo("2025-01-01T01:00:00Z");
  }

  private static List<String> fields(JsonNode inputFields) {
    List<String> out = new ArrayList<>();
    for (JsonNode f : inputFields) {
      JsonNode t = f.path("transformations").get(0);
      out.add(f.path("name").asText() + "." + f.path("field").asText() + " " + t.path("type").asText() + "/"
          + t.path("subtype").asText());
    }
    return out;
  }
}
