package io.millrace.cli.console;

import io.millrace.cli.internal.ConsoleSource;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ServerRuns;
import io.millrace.server.MillraceServer;
import io.millrace.server.ServerOptions;
import io.millrace.server.console.ConsoleRoutes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The console served over a real project: examples/sales-etl copied to a temporary folder, run once
 * (DuckDB, Iceberg, the SQLite run store), then served on a free loopback port as `millrace serve` does.
 */
final class ConsoleFixture implements AutoCloseable {
  final Path project;
  final Map<String, String> vars;
  final ProjectContext ctx;
  final ServerRuns runs;
  final MillraceServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  ConsoleFixture(Path dir, String token) throws IOException {
    project = io.millrace.cli.CliRun.copyExample("sales-etl", dir);
    vars = Map.of("rows", "2000", "sqlite_path", dir.resolve("out/sales.sqlite").toString());
    try (ProjectContext run = ProjectContext.open(project, vars).lockForRun()) {
      io.millrace.core.plan.Plan plan = io.millrace.cli.internal.Pipelines.plan(run);
      io.millrace.cli.internal.Pipelines.runner(run).run(plan, io.millrace.core.pipeline.RunOptions.manual());
    }
    ctx = ProjectContext.open(project, vars);
    runs = new ServerRuns(ctx, project, vars);
    server = MillraceServer.start(new ServerOptions("127.0.0.1", 0, token),
        List.of(new ConsoleRoutes(new ConsoleSource(ctx, runs))));
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String form, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.close();
    runs.close();
    ctx.close();
  }
}
