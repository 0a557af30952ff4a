package io.millrace.cli;

import io.millrace.cli.internal.Console;
import io.millrace.cli.internal.Operations;
import io.millrace.cli.internal.ConsoleSource;
import io.millrace.cli.internal.ServerRuns;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.cli.internal.ServingRoutes;
import io.millrace.server.MillraceServer;
import io.millrace.server.Routes;
import io.millrace.server.ServerOptions;
import io.millrace.server.console.ConsoleRoutes;
import io.millrace.server.features.ServingLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", description = {
    "Serve the project over HTTP until stopped (Ctrl-C): GET /health, and the endpoints of each capability the "
        + "project has.",
    "Binds 127.0.0.1 unless --host says otherwise. Write endpoints need the bearer token in MILLRACE_TOKEN; "
        + "without one they are served on a loopback address only."})
final class ServeCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Option(names = "--host", defaultValue = ServerOptions.DEFAULT_HOST, paramLabel = "HOST",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--max-entity-rows", defaultValue = "1000", paramLabel = "N",
      description = "Entity rows one /get-online-features or /predict request may ask for; more is refused with 413 "
          + "(default: ${DEFAULT-VALUE}).")
  int maxEntityRows;

  @Option(names = "--max-body-bytes", defaultValue = "1048576", paramLabel = "BYTES",
      description = "Largest request body of those endpoints; more is refused with 413 (default: ${DEFAULT-VALUE}).")
  int maxBodyBytes;

  @Option(names = "--refresh-ms", defaultValue = "100", paramLabel = "MS",
      description = "How often the embedded online store's reader looks for new writes (materialize, stream jobs), "
          + "at most: writes are visible within this time; larger saves CPU (default: ${DEFAULT-VALUE}).")
  long refreshMillis;

  @Override
  public Integer call() throws InterruptedException {
    ServerOptions options = new ServerOptions(host, port, System.getenv("MILLRACE_TOKEN"));
    try (ProjectContext ctx = ProjectContext.open(project.project, project.overrides())) {
      return serve(ctx, options);
    }
  }

  private int serve(ProjectContext ctx, ServerOptions options) throws InterruptedException {
    io.millrace.server.metrics.MillraceMetrics metrics = Operations.metricsWithLag(ctx);
    try (ServingRoutes serving = ServingRoutes.open(ctx, new ServingLimits(maxEntityRows, maxBodyBytes),
             refreshMillis, metrics)) {
      List<Routes> groups = new ArrayList<>(serving.routes());
      // each capability adds its route group here (features, predictions, console, metrics)
      groups.add(new io.millrace.server.metrics.MetricsRoutes(metrics));
      Operations.periodicAlerts(ctx);   // freshness and lag alerts, on a daemon thread
      ServerRuns runs = new ServerRuns(ctx, project.project, project.overrides());
      groups.add(new ConsoleRoutes(new ConsoleSource(ctx, runs, metrics)));
      CountDownLatch stop = new CountDownLatch(1);
      try (MillraceServer server = MillraceServer.start(options, groups)) {
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "millrace-serve-stop"));
        Console.out(String.format("serving %s on http://%s:%d (Ctrl-C to stop)", ctx.spec().name(), host,
            server.port()));
        serving.endpoints().forEach(e -> Console.out("  " + e));
        stop.await();
      }
      return 0;
    }
  }
}
