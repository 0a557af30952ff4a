package io.millrace.server.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.millrace.api.MillraceException;
import io.millrace.server.Routes;
import io.millrace.server.ServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web console: server-rendered pages, each with a JSON twin under {@code /api} carrying the same
 * records, plus the guarded actions ({@link ActionRoutes}). Reads only through {@link ConsoleData}.
 */
public final class ConsoleRoutes implements Routes {
  private final ConsoleData data;
  private final ConsolePages pages;

  public ConsoleRoutes(ConsoleData data) {
    this.data = data;
    this.pages = new ConsolePages(data);
  }

  @Override
  public void register(JavalinConfig config, ServerOptions options) {
    boolean writes = options.writesEnabled();
    var r = config.routes;
    asset(config, "console.css", "text/css; charset=utf-8");
    asset(config, "console.js", "text/javascript; charset=utf-8");
    r.get("/", ctx -> ctx.redirect("/runs"));
    r.get("/runs", ctx -> ctx.html(ConsoleViews.runs(runs(ctx), writes)));
    r.get("/api/runs", ctx -> ctx.json(runs(ctx)));
    r.get("/runs/{id}", ctx -> ctx.html(ConsoleViews.run(pages.run(ctx.pathParam("id")), writes)));
    r.get("/api/runs/{id}", ctx -> ctx.json(pages.run(ctx.pathParam("id"))));
    r.get("/runs/{id}/nodes/{node}/log", ctx -> ctx.html(ConsoleViews.log(log(ctx))));
    r.get("/api/runs/{id}/nodes/{node}/log", ctx -> ctx.json(log(ctx)));
    r.get("/runs/{id}/report", ctx -> {
      pages.report(ctx.pathParam("id"));   // refuses an unknown run or one without checks here, not in the frame
      ctx.html(ConsoleViews.report(data.project(), ctx.pathParam("id")));
    });
    r.get("/runs/{id}/report.html", ctx -> ctx.html(pages.report(ctx.pathParam("id"))));
    r.get("/api/runs/{id}/report", ctx -> ctx.json(Map.of("project", data.project(), "runId", ctx.pathParam("id"),
        "checks", data.run(ctx.pathParam("id")).map(x -> data.checks(x.runId())).orElseThrow(
            () -> MillraceException.user("Cannot show run '%s': no such run in this project", ctx.pathParam("id"))))));
    r.get("/tables", ctx -> ctx.html(ConsoleViews.tables(pages.tables())));
    r.get("/api/tables", ctx -> ctx.json(pages.tables()));
    r.get("/tables/{name}", ctx -> {
      String name = ctx.pathParam("name");
      ctx.html(ConsoleViews.table(pages.table(name), pages.query(name, ctx.queryParam("sql"), ctx.queryParam("as_of"))));
    });
    r.get("/api/tables/{name}", ctx -> ctx.json(pages.table(ctx.pathParam("name"))));
    r.get("/api/query", ctx -> ctx.json(pages.query(null, require(ctx, "sql"), ctx.queryParam("as_of"))));
    r.get("/lineage", ctx -> ctx.html(ConsoleViews.lineage(pages.lineage(ctx.queryParam("column")))));
    r.get("/api/lineage", ctx -> ctx.json(pages.lineage(ctx.queryParam("column"))));
    r.get("/streams", ctx -> ctx.html(ConsoleViews.streams(pages.streams())));
    r.get("/api/streams", ctx -> ctx.json(pages.streams()));
    r.get("/alerts", ctx -> ctx.html(ConsoleViews.alerts(pages.alerts(200))));
    r.get("/api/alerts", ctx -> ctx.json(pages.alerts(200)));
    r.get("/audit", ctx -> ctx.html(ConsoleViews.audit(pages.audit())));
    r.get("/api/audit", ctx -> ctx.json(pages.audit()));
    new ActionRoutes(data, options).register(config);
  }

  private ConsolePages.RunsPage runs(Context ctx) {
    String limit = ctx.queryParam("limit");
    int n;
    try {
      n = limit == null ? ConsolePages.PAGE_SIZE : Integer.parseInt(limit.trim());
    } catch (NumberFormatException e) {
      throw MillraceException.user("Cannot list runs: limit '%s' is not a number", limit);
    }
    return pages.runs(ctx.queryParam("state"), ctx.queryParam("after"), n);
  }

  private ConsolePages.LogPage log(Context ctx) {
    String attempt = ctx.queryParamAsClass("attempt", String.class).getOrDefault("1");
    try {
      return pages.log(ctx.pathParam("id"), ctx.pathParam("node"), Integer.parseInt(attempt.trim()));
    } catch (NumberFormatException e) {
      throw MillraceException.user("Cannot show log: attempt '%s' is not a number", attempt);
    }
  }

  private static String require(Context ctx, String param) {
    String v = ctx.queryParam(param);
    if (v == null || v.isBlank()) {
      throw MillraceException.user("Cannot run query: parameter '%s' is missing", param);
    }
    return v;
  }

  private static void asset(JavalinConfig config, String name, String type) {
    byte[] bytes;
    try (InputStream in = ConsoleRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Cannot find console asset " + name + " in the jar");
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Handler h = ctx -> ctx.contentType(type).header("Cache-Control", "max-age=300").result(bytes);
    config.routes.get("/console/" + name, h);
  }
}
