package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.cli.internal.Operations;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.server.MillraceServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real Prometheus scrapes {@code /metrics} of a running server after a real run, and its query
 * API returns Millrace's metrics with the run store's values. Needs {@code /usr/bin/prometheus}
 * ({@code apt-get install prometheus}); skipped without it.
 */
@Tag("services")
class PrometheusScrapeTest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

  @Test
  void prometheusScrapesAndQueriesMillraceMetrics(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), "Debian's prometheus is not installed");
    Path p = OpsProject.create(dir, "");
    assertThat(CliRun.of("run", p.toString(), "--quiet").exitCode()).isZero();
    try (ProjectContext ctx = ProjectContext.open(p, Map.of());
         MillraceServer server = Operations.serveMetrics(Operations.metrics(ctx), 0)) {
      int promPort = freePort();
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, "global: {scrape_interval: 1s, evaluation_interval: 1s}\nscrape_configs:\n"
          + "  - job_name: millrace\n    static_configs: [{targets: ['127.0.0.1:" + server.port() + "']}]\n");
      Process prom = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + promPort)
          .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
      try {
        JsonNode score = awaitResult(promPort, "millrace_table_quality_score{table=\"orders\"}");
        assertThat(score.path("metric").path("project").asText()).isEqualTo("ops");
        assertThat(score.path("metric").path("job").asText()).isEqualTo("millrace");
        assertThat(score.path("value").get(1).asDouble()).isEqualTo(50.0);
        JsonNode runs = awaitResult(promPort, "millrace_runs{state=\"success\"}");
        assertThat(runs.path("value").get(1).asDouble()).isEqualTo(1.0);
        JsonNode nulls = awaitResult(promPort, "millrace_column_null_fraction{table=\"orders\",column=\"name\"}");
        assertThat(nulls.path("value").get(1).asDouble()).isEqualTo(0.5);
        JsonNode up = awaitResult(promPort, "up{job=\"millrace\"}");
        assertThat(up.path("value").get(1).asText()).isEqualTo("1");
      } finally {
        prom.destroy();
        if (!prom.waitFor(10, TimeUnit.SECONDS)) {
          prom.destroyForcibly();
        }
      }
    }
  }

  /** The first series of an instant query, polled until Prometheus has scraped it (up to 30 s). */
  private static JsonNode awaitResult(int port, String query) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
        + URLEncoder.encode(query, StandardCharsets.UTF_8));
    String last = "";
    for (int i = 0; i < 150; i++) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        last = r.body();
        JsonNode result = new ObjectMapper().readTree(last).path("data").path("result");
        if (r.statusCode() == 200 && result.size() > 0) {
          return result.get(0);
        }
      } catch (java.io.IOException notYetUp) {
        last = notYetUp.toString();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("Prometheus returned no series for " + query + ": " + last);
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
