package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ServingRoutes;
import io.millrace.server.MillraceServer;
import io.millrace.server.ServerOptions;
import io.millrace.server.features.ServingLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code millrace serve} end to end: a project is run, materialized into its RocksDB online store and trained by
 * the real commands, then served with the routes {@code serve} builds; lookups and predictions over HTTP.
 */
class ServeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;

  private Path project(boolean withFeatures) throws Exception {
    Path p = dir.resolve(withFeatures ? "p" : "bare");
    Files.createDirectories(p.resolve("features"));
    Files.createDirectories(p.resolve("predictors"));
    StringBuilder users = new StringBuilder("user_id,ts,f1,f2\n");
    StringBuilder labels = new StringBuilder("user_id,event_timestamp,label\n");
    for (int i = 0; i < 400; i++) {
      double f1 = (i * 37 % 100) / 100.0;
      double f2 = (i * 59 % 100) / 100.0;
      users.append(i).append(",2024-01-01 00:00:00,").append(f1).append(',').append(f2).append('\n');
      users.append(i).append(",2024-01-02 00:00:00,").append(f1 + 1).append(',').append(f2).append('\n');
      labels.append(i).append(String.format(",2024-01-03 %02d:%02d:00,", i / 60, i % 60))
          .append(f1 + 0.5 * f2 > 0.8 ? 1 : 0).append('\n');
    }
    Files.writeString(p.resolve("users.csv"), users);
    Files.writeString(p.resolve("labels.csv"), labels);
    Files.writeString(p.resolve("millrace.yaml"), """
        name: served
        sources:
          user_rows: {format: csv, path: users.csv, columns: {user_id: bigint, ts: timestamp, f1: double, f2: double}}
          labels: {format: csv, path: labels.csv, columns: {user_id: bigint, event_timestamp: timestamp, label: integer}}
        """);
    if (withFeatures) {
      Files.writeString(p.resolve("features/u.yaml"), """
          views:
            u:
              entities: [user_id]
              source: user_rows
              timestamp: ts
              features: [f1, f2]
              online: true
          services:
            scoring: [u:f1, u:f2]
          """);
      Files.writeString(p.resolve("predictors/buy.yaml"), """
          name: buy
          training_set: {entities: labels, features: [u:f1, u:f2]}
          label: label
          task: classification
          algorithm: xgboost
          params: {max_depth: 3, rounds: 20}
          rules:
            - {name: f1_high, when: "f1 > 1.95", reason: "f1 above 1.95", decision: review}
          decisions: {review: "score >= 0.5", approve: "true"}
          """);
    }
    return p;
  }

  private HttpResponse<String> post(MillraceServer server, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  io.millrace.server.metrics.MillraceMetrics metrics;

  @Test
  void servesMaterializedFeaturesAndPredictionsOfAProject() throws Exception {
    Path p = project(true);
    assertThat(CliRun.of("run", p.toString(), "--quiet").exitCode()).isZero();
    CliRun materialize = CliRun.of("materialize", p.toString(), "--until", "2024-02-01");
    assertThat(materialize.exitCode()).as(materialize.toString()).isZero();
    CliRun train = CliRun.of("train", p.toString(), "--predictor", "buy");
    assertThat(train.exitCode()).as(train.toString()).isZero();
    try (ProjectContext ctx = ProjectContext.open(p, Map.of());
         ServingRoutes serving = ServingRoutes.open(ctx, ServingLimits.DEFAULTS, ServingRoutes.CATCH_UP_MILLIS,
             metrics = io.millrace.cli.internal.Operations.metrics(ctx));
         MillraceServer server = MillraceServer.start(new ServerOptions("127.0.0.1", 0, null), serving.routes())) {
      assertThat(serving.endpoints()).anySatisfy(e -> assertThat(e).contains("/get-online-features", "views u"))
          .anySatisfy(e -> assertThat(e).contains("/predict/{predictor}", "predictors buy"));
      HttpResponse<String> r = post(server, "/get-online-features",
          "{\"feature_service\": \"scoring\", \"entities\": {\"user_id\": [3, 399, 12345]}}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.at("/metadata/feature_names").toString()).isEqualTo("[\"user_id\",\"f1\",\"f2\"]");
      // the latest row of each user (2024-01-02: f1 + 1), as the CSV holds it
      assertThat(body.at("/results/1/values").toString()).isEqualTo("[1.11,1.63,null]");
      assertThat(body.at("/results/2/values").toString()).isEqualTo("[0.77,0.41,null]");
      assertThat(body.at("/results/1/statuses").toString()).isEqualTo("[\"PRESENT\",\"PRESENT\",\"NOT_FOUND\"]");
      assertThat(body.at("/results/1/event_timestamps").toString())
          .isEqualTo("[\"2024-01-02T00:00:00Z\",\"2024-01-02T00:00:00Z\",\"1970-01-01T00:00:00Z\"]");
      // the lookup is counted per entity row (2 found, 1 missing) and timed, labelled by the service, not the keys
      Map<String, Double> samples = OpsProject.samples(metrics.scrape());
      String project = ctx.spec().name();
      assertThat(samples)
          .containsEntry(OpsProject.key("millrace_feature_lookups_total", "project", project, "result", "found", "view", "scoring"), 2.0)
          .containsEntry(OpsProject.key("millrace_feature_lookups_total", "project", project, "result", "missing", "view", "scoring"), 1.0)
          .containsEntry(OpsProject.key("millrace_feature_lookup_duration_seconds_count", "project", project, "view", "scoring"), 1.0);
      assertThat(metrics.featureLookups()).singleElement().satisfies(l -> {   // what the console's streams page shows
        assertThat(l.view()).isEqualTo("scoring");
        assertThat(java.util.List.of(l.found(), l.missing(), l.requests())).containsExactly(2L, 1L, 1L);
        assertThat(l.p99Ms()).isPositive().isGreaterThanOrEqualTo(l.p50Ms());
      });

      HttpResponse<String> pr = post(server, "/predict/buy", "{\"entities\": {\"user_id\": [27, 3]}}");
      assertThat(pr.statusCode()).as(pr.body()).isEqualTo(200);
      JsonNode prediction = JSON.readTree(pr.body());
      assertThat(prediction.path("predictor").asText()).isEqualTo("buy");
      assertThat(prediction.path("model_version").asText()).isEqualTo("v1");
      assertThat(prediction.path("rows")).hasSize(2);
      assertThat(prediction.at("/rows/1/entity/user_id").asLong()).isEqualTo(3L);
      assertThat(prediction.at("/rows/1/score").asDouble()).isBetween(0.0, 1.0);
      assertThat(prediction.at("/rows/1/decision").asText()).isIn("review", "approve");
      assertThat(prediction.at("/rows/1/reasons")).isNotEmpty();
      // user 27 has f1 = 1.99 > 1.95: the rule fires, its reason comes first
      assertThat(prediction.at("/rows/0/entity/user_id").asLong()).isEqualTo(27L);
      assertThat(prediction.at("/rows/0/decision").asText()).isEqualTo("review");
      assertThat(prediction.at("/rows/0/reasons/0/name").asText()).isEqualTo("f1_high");

      HttpResponse<String> unknown = post(server, "/predict/bye", "{\"entities\": {\"user_id\": [3]}}");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).contains("Cannot find predictor 'bye'; did you mean 'buy'?");
    }
  }

  @Test
  void aProjectWithoutFeaturesSaysSoOnBothEndpoints() throws Exception {
    Path p = project(false);
    try (ProjectContext ctx = ProjectContext.open(p, Map.of());
         ServingRoutes serving = ServingRoutes.open(ctx, ServingLimits.DEFAULTS);
         MillraceServer server = MillraceServer.start(new ServerOptions("127.0.0.1", 0, null), serving.routes())) {
      HttpResponse<String> r = post(server, "/get-online-features",
          "{\"features\": [\"u:f1\"], \"entities\": {\"user_id\": [1]}}");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).contains("the project declares no feature views (features/*.yaml)");
      HttpResponse<String> pr = post(server, "/predict/buy", "{\"entities\": {\"user_id\": [1]}}");
      assertThat(pr.statusCode()).isEqualTo(404);
      assertThat(pr.body()).contains("the project declares no predictors");
    }
  }
}
