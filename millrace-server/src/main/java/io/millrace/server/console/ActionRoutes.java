package io.millrace.server.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.run.AuditRecord;
import io.millrace.server.ErrorBody;
import io.millrace.server.MillraceServer;
import io.millrace.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * The console's writes: trigger, backfill, resume, cancel. With a token ({@code MILLRACE_TOKEN}) each
 * request must carry {@code Authorization: Bearer <token>}; without one they are served on a loopback
 * address only, and elsewhere every write answers 403. Every request that reaches an action, accepted or
 * refused, is recorded in the run store's audit (who, what, when, result).
 */
final class ActionRoutes {
  private final ConsoleData data;
  private final ServerOptions options;

  ActionRoutes(ConsoleData data, ServerOptions options) {
    this.data = data;
    this.options = options;
  }

  void register(JavalinConfig config) {
    var r = config.routes;
    r.post("/api/actions/trigger", ctx -> act(ctx, "trigger", "", a -> a.trigger()));
    r.post("/api/actions/backfill", ctx -> {
      String from = param(ctx, "from");
      String to = param(ctx, "to");
      act(ctx, "backfill", from + " → " + to, a -> a.backfill(from, to));
    });
    r.post("/api/runs/{id}/resume", ctx -> act(ctx, "resume", ctx.pathParam("id"), a -> a.resume(ctx.pathParam("id"))));
    r.post("/api/runs/{id}/cancel", ctx -> act(ctx, "cancel", ctx.pathParam("id"), a -> a.cancel(ctx.pathParam("id"))));
  }

  private void act(Context ctx, String action, String target, Function<ConsoleActions, String> work) {
    String who = (options.token() != null ? "token " : "loopback ") + ctx.ip();
    if (!options.writesEnabled()) {
      deny(ctx, 403, "Cannot " + action + ": actions are off on a non-loopback address without MILLRACE_TOKEN");
      return;   // not audited: nothing was asked of the project (the endpoint is off)
    }
    if (options.token() != null && !authorized(ctx.header("Authorization"))) {
      audit(who, action, target, "refused: missing or wrong bearer token");
      deny(ctx, 401, "Cannot " + action + ": send the header 'Authorization: Bearer <MILLRACE_TOKEN>'");
      return;
    }
    String result;
    try {
      result = work.apply(data.actions());
    } catch (RuntimeException e) {
      audit(who, action, target, "refused: " + e.getMessage());
      throw e;
    }
    audit(who, action, target, "accepted: " + result);
    ctx.status(202).json(Map.of("action", action, "target", target, "result", result));
  }

  private boolean authorized(String header) {
    String expected = "Bearer " + options.token();
    return header != null && MessageDigest.isEqual(header.trim().getBytes(StandardCharsets.UTF_8),
        expected.getBytes(StandardCharsets.UTF_8));
  }

  private void audit(String who, String action, String target, String result) {
    data.audit(new AuditRecord(Instant.now(), data.project(), who, action, target, result));
  }

  private static void deny(Context ctx, int status, String message) {
    ctx.status(status).json(new ErrorBody(message, ErrorKind.USER.name(), status));
  }

  /** A form field, a query parameter, or a field of a JSON body. */
  private static String param(Context ctx, String name) {
    String v = ctx.formParam(name);
    if (v == null) {
      v = ctx.queryParam(name);
    }
    if (v == null && ctx.contentType() != null && ctx.contentType().startsWith("application/json")) {
      try {
        Object o = MillraceServer.json().readValue(ctx.body(), Map.class).get(name);
        v = o == null ? null : o.toString();
      } catch (java.io.IOException e) {
        throw MillraceException.user("Cannot read the request body: it is not JSON (%s)", e.getMessage());
      }
    }
    if (v == null || v.isBlank()) {
      throw MillraceException.user("Cannot run the action: parameter '%s' is missing", name);
    }
    return v.trim();
  }
}
