package io.millrace.cli;

import static io.millrace.cli.OpsProject.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.RunStore;
import io.millrace.cli.internal.Operations;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.server.MillraceServer;
import io.millrace.server.metrics.MillraceMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} over HTTP after real runs: names, labels and values as the run store and warehouse hold them. */
class MetricsEndpointTest {
  @Test
  void metricsOverHttpMatchTheRunStoreAfterARealRun(@TempDir Path dir) throws Exception {
    Path p = OpsProject.create(dir, "");
    assertThat(CliRun.of("run", p.toString(), "--quiet").exitCode()).isZero();
    assertThat(CliRun.of("run", p.toString(), "--quiet", "--var", "v=abc").exitCode()).isEqualTo(1);
    assertThat(CliRun.of("run", p.toString(), "--quiet").exitCode()).isZero();

    try (ProjectContext ctx = ProjectContext.open(p, Map.of())) {
      RunStore store = ctx.runStore();
      MillraceMetrics metrics = Operations.metrics(ctx);
      RunRecord last = store.runs("ops", 1).get(0);
      try (MillraceServer server = Operations.serveMetrics(metrics, 0)) {
        HttpResponse<String> resp = get(server.port());
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        Map<String, Double> m = OpsProject.samples(resp.body());

        Map<RunState, Long> counts = store.runCounts("ops");
        assertThat(counts).containsEntry(RunState.SUCCESS, 2L).containsEntry(RunState.FAILED, 1L);
        assertThat(m).containsEntry(key("millrace_runs", "project", "ops", "state", "success"), 2.0)
            .containsEntry(key("millrace_runs", "project", "ops", "state", "failed"), 1.0)
            .containsEntry(key("millrace_runs", "project", "ops", "state", "running"), 0.0);

        assertThat(last.state()).isEqualTo(RunState.SUCCESS);
        assertThat(m).containsEntry(key("millrace_last_run", "project", "ops", "field", "success"), 1.0)
            .containsEntry(key("millrace_last_run_rows", "project", "ops", "kind", "out"), (double) last.rowsOut())
            .containsEntry(key("millrace_last_run_rows", "project", "ops", "kind", "out"), 10.0);
        NodeAttempt orders = store.attempts(last.runId()).get(0);
        assertThat(m.get(key("millrace_node_last_duration_seconds", "project", "ops", "node", "orders")))
            .isCloseTo(orders.durationMillis() / 1000.0, within(1e-9));

        CheckRecord check = store.checks(last.runId()).get(0);
        assertThat(check.score()).isEqualTo(50.0);
        assertThat(m).containsEntry(key("millrace_table_quality_score", "project", "ops", "table", "orders",
            "suite", "orders"), check.score());
        assertThat(m).containsEntry(key("millrace_table_checks_success", "project", "ops", "table", "orders",
            "suite", "orders"), 0.0);
        assertThat(m).containsEntry(key("millrace_column_null_fraction", "project", "ops", "table", "orders",
            "column", "name"), 0.5).containsEntry(key("millrace_column_null_fraction", "project", "ops", "table",
            "orders", "column", "id"), 0.0);
        assertThat(m).containsEntry(key("millrace_table_rows", "project", "ops", "table", "orders"), 10.0);
        assertThat(m.get(key("millrace_table_freshness_seconds", "project", "ops", "table", "orders")))
            .isBetween(0.0, 300.0);
        // no run ids as labels, anywhere
        assertThat(resp.body()).doesNotContain(last.runId());
      }

      // events of this process: histograms and counters
      metrics.runEnded(last);
      for (NodeAttempt a : store.attempts(last.runId())) {
        metrics.nodeEnded(a.node(), "success", a.durationMillis(), a.rowsIn(), a.rowsOut(), a.rejected(),
            a.quarantined());
      }
      metrics.featureLookup("user_features", 2_000_000, true);
      metrics.featureLookup("user_features", 30_000, false);
      Map<String, Double> m = OpsProject.samples(metrics.scrape());
      assertThat(m).containsEntry(key("millrace_run_duration_seconds_count", "project", "ops", "state", "success"), 1.0)
          .containsEntry(key("millrace_run_duration_seconds_bucket", "project", "ops", "state", "success", "le", "+Inf"),
              1.0)
          .containsEntry(key("millrace_runs_completed_total", "project", "ops", "state", "success", "trigger", "manual"),
              1.0)
          .containsEntry(key("millrace_node_duration_seconds_count", "project", "ops", "node", "orders", "state",
              "success"), 1.0)
          .containsEntry(key("millrace_rows_out_total", "project", "ops", "node", "orders"), 10.0)
          .containsEntry(key("millrace_feature_lookups_total", "project", "ops", "view", "user_features", "result",
              "found"), 1.0)
          .containsEntry(key("millrace_feature_lookups_total", "project", "ops", "view", "user_features", "result",
              "missing"), 1.0)
          .containsEntry(key("millrace_feature_lookup_duration_seconds_bucket", "project", "ops", "view",
              "user_features", "le", "0.001"), 1.0);
      assertThat(m.get(key("millrace_run_duration_seconds_sum", "project", "ops", "state", "success")))
          .isCloseTo((last.endedAt().toEpochMilli() - last.startedAt().toEpochMilli()) / 1000.0, within(1e-6));
    }
  }

  @Test
  void scheduleServesMetricsOnTheGivenPort(@TempDir Path dir) throws Exception {
    Path p = OpsProject.create(dir, "");
    java.nio.file.Files.writeString(p.resolve("millrace.yaml"), java.nio.file.Files.readString(p.resolve("millrace.yaml"))
        + "pipeline: {schedule: '@hourly', start_date: '2025-01-01T00:00', catchup: false}\n");
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CliRun r = CliRun.of("schedule", p.toString(), "--once", "--metrics-port", String.valueOf(port));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("metrics on http://127.0.0.1:" + port + "/metrics");
    List<String> lines = r.out().lines().toList();
    assertThat(lines).anyMatch(l -> l.contains("success"));
  }

  static HttpResponse<String> get(int port) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
