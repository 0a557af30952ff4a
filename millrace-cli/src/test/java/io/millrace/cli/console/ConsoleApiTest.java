package io.millrace.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.cli.internal.ProjectContext;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The console's JSON API over HTTP on a real run of examples/sales-etl, and its actions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  ConsoleFixture f;
  String runId;

  @BeforeAll
  void serve(@TempDir Path dir) throws Exception {
    f = new ConsoleFixture(dir, null);
    runId = json("/api/runs").get("runs").get(0).get("runId").asText();
  }

  @AfterAll
  void stop() {
    f.close();
  }

  JsonNode json(String path) throws Exception {
    HttpResponse<String> r = f.get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void runsPageListsTheRunWithItsCountsAndQualityScore() throws Exception {
    JsonNode page = json("/api/runs");
    assertThat(page.get("project").asText()).isEqualTo("sales-etl");
    JsonNode run = page.get("runs").get(0);
    assertThat(run.get("state").asText()).isIn("SUCCESS", "FAILED");
    assertThat(run.get("rowsIn").asLong()).isEqualTo(2000);
    assertThat(run.get("rejected").asLong()).isPositive();
    assertThat(run.get("quarantined").asLong()).isPositive();
    assertThat(run.get("qualityScore").asDouble()).isBetween(50.0, 100.0);
    assertThat(json("/api/runs?state=cancelled").get("runs")).isEmpty();
    assertThat(f.get("/api/runs?state=sideways").statusCode()).isEqualTo(400);
  }

  @Test
  void runPageHasEveryPlanNodeTheCriticalPathAndSavings() throws Exception {
    JsonNode page = json("/api/runs/" + runId);
    List<String> nodes = new ArrayList<>();
    page.get("nodes").forEach(n -> nodes.add(n.get("name").asText()));
    assertThat(nodes).contains("sales", "sales_data", "daily_summary", "customer_summary", "export:sales_data:0");
    List<String> path = new ArrayList<>();
    page.get("criticalPath").forEach(n -> path.add(n.asText()));
    assertThat(path.get(0)).isEqualTo("sales");   // every chain starts at the one source
    long sum = 0;
    for (JsonNode n : page.get("nodes")) {
      if (n.get("critical").asBoolean()) {
        sum += n.get("durationMs").asLong();
        assertThat(n.get("savingMs").asLong()).isBetween(0L, n.get("durationMs").asLong());
      } else {
        assertThat(n.get("savingMs").asLong()).isZero();
      }
    }
    assertThat(page.get("criticalPathMs").asLong()).isEqualTo(sum);
    JsonNode sales = page.get("nodes").get(nodes.indexOf("sales"));
    assertThat(sales.get("rowsIn").asLong()).isEqualTo(2000);
    assertThat(sales.get("checks").get(0).get("suite").asText()).isEqualTo("sales");
    assertThat(page.get("attempts").size()).isGreaterThanOrEqualTo(nodes.size());
    String html = f.get("/runs/" + runId).body();
    assertThat(html).contains("<svg class=\"dag\"").contains("data-node=\"sales_data\"").contains("class=\"gantt\"");
  }

  @Test
  void logsAreShownWhenKeptAndSaidMissingOtherwise() throws Exception {
    JsonNode none = json("/api/runs/" + runId + "/nodes/sales/log?attempt=9");
    assertThat(none.get("kept").asBoolean()).isFalse();
    Path dir = f.ctx.spec().stateDir().resolve("logs").resolve(runId);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("sales.1.log"), "read 2000 lines <b>\n");
    JsonNode kept = json("/api/runs/" + runId + "/nodes/sales/log?attempt=1");
    // the attempt's own file as written, with the run's start and end lines of the attempt
    assertThat(kept.get("text").asText()).startsWith("read 2000 lines <b>\n").contains(" INFO attempt 1 of sales started\n");
    assertThat(f.get("/runs/" + runId + "/nodes/sales/log?attempt=1").body()).contains("read 2000 lines &lt;b&gt;");
    assertThat(json("/api/runs/" + runId + "/nodes/..%2F..%2Fmillrace.yaml/log?attempt=1").get("kept").asBoolean()).isFalse();
    Files.writeString(dir.resolve("export_sales_data_0.1.log"), "wrote sales_data\n");   // ':' is '_' in file names
    assertThat(json("/api/runs/" + runId + "/nodes/export:sales_data:0/log?attempt=1").get("text").asText())
        .startsWith("wrote sales_data\n");
  }

  @Test
  void tablesShowSchemaSnapshotsHistoryAndTimeTravel() throws Exception {
    JsonNode tables = json("/api/tables").get("tables");
    List<String> names = new ArrayList<>();
    tables.forEach(t -> names.add(t.get("name").asText()));
    assertThat(names).contains("sales", "sales__quarantine", "sales__rejects", "sales_data");
    JsonNode sales = json("/api/tables/sales");
    List<String> cols = new ArrayList<>();
    sales.get("columns").forEach(c -> cols.add(c.get("name").asText()));
    assertThat(cols).containsExactly("date", "product_id", "quantity", "price", "customer_id");
    assertThat(sales.get("related").toString()).contains("sales__quarantine").contains("sales__rejects");
    assertThat(sales.get("rowCounts").get(0).get("value").asLong()).isEqualTo(sales.get("table").get("rows").asLong());
    assertThat(sales.get("qualityScores")).hasSize(1);
    long snapshot = sales.get("snapshots").get(0).get("snapshotId").asLong();
    JsonNode q = json("/api/query?as_of=" + snapshot + "&sql=" + enc("SELECT count(*) AS n FROM sales"));
    assertThat(q.get("rows").get(0).get(0).asLong()).isEqualTo(sales.get("table").get("rows").asLong());
    assertThat(f.get("/api/query?sql=" + enc("DROP TABLE sales")).statusCode()).isEqualTo(400);
    JsonNode quarantine = json("/api/query?sql=" + enc("SELECT failed_expectations FROM sales__quarantine"));
    assertThat(quarantine.get("rows")).isNotEmpty();
    assertThat(f.get("/tables/sales?sql=" + enc("SELECT count(*) AS n FROM sales")).body()).contains("<table id=\"result\">");
    assertThat(f.get("/tables/sales__quarantine").body()).contains("<th>failed_expectations</th>");
  }

  @Test
  void qualityReportLineageAndStreamsAnswer() throws Exception {
    assertThat(f.get("/runs/" + runId + "/report.html").body()).contains("sales");
    assertThat(json("/api/runs/" + runId + "/report").get("checks").get(0).get("table").asText()).isEqualTo("sales");
    JsonNode lineage = json("/api/lineage");
    assertThat(lineage.get("columnLineage").asBoolean()).isTrue();
    assertThat(lineage.get("columns").toString()).contains("\"toTable\":\"customer_stats\"");
    // customer_summary.total_spent <- customer_stats.total_spent <- ... <- the source sales' quantity and price
    JsonNode spent = json("/api/lineage?column=" + enc("customer_summary.total_spent"));
    assertThat(spent.get("upstream").get(0).get("table").asText()).isEqualTo("customer_stats");
    assertThat(spent.get("upstream").toString()).contains("\"table\":\"sales\",\"column\":\"price\"");
    assertThat(f.get("/api/lineage?column=" + enc("nope.x")).statusCode()).isEqualTo(400);
    assertThat(lineage.get("nodes").toString()).contains("\"name\":\"sales_data\"");
    assertThat(json("/api/streams").get("jobs")).isEmpty();
  }

  @Test
  void actionsRunInTheServerRespectTheLockAndAreAudited() throws Exception {
    try (ProjectContext other = ProjectContext.open(f.project, f.vars).lockForRun()) {
      HttpResponse<String> busy = f.post("/api/actions/trigger", "", null);
      assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
      assertThat(busy.body()).contains("another millrace process is running it");
    }
    HttpResponse<String> cancel = f.post("/api/runs/nope/cancel", "", null);
    assertThat(cancel.statusCode()).isEqualTo(400);
    HttpResponse<String> resume = f.post("/api/runs/" + runId + "/resume", "", null);
    assertThat(resume.statusCode()).isEqualTo(runState().equals("SUCCESS") ? 400 : 202);
    long before = json("/api/runs").get("total").asLong();
    if (resume.statusCode() == 202) {
      waitIdle();
      before = json("/api/runs").get("total").asLong();
    }
    HttpResponse<String> started = f.post("/api/actions/trigger", "", null);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    waitIdle();
    JsonNode runs = json("/api/runs");
    assertThat(runs.get("total").asLong()).isEqualTo(before + 1);
    assertThat(runs.get("runs").get(0).get("trigger").asText()).isEqualTo("manual");
    assertThat(runs.get("runs").get(0).get("state").asText()).isIn("SUCCESS", "FAILED");
    JsonNode audit = json("/api/audit").get("actions");
    String all = audit.toString();
    assertThat(all).contains("refused: Cannot run project 'sales-etl': another millrace process is running it")
        .contains("refused: Cannot cancel run 'nope'").contains("accepted: started a run in the background");
    assertThat(audit.get(0).get("who").asText()).startsWith("loopback ");
  }

  private String runState() throws Exception {
    return json("/api/runs/" + runId).get("run").get("state").asText();
  }

  private void waitIdle() throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (f.runs.busy() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(f.runs.busy()).as("the background run finished").isFalse();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
