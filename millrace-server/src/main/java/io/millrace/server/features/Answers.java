package io.millrace.server.features;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/** The answers this package's handlers share: JSON bodies, and its bad requests with their exact status. */
final class Answers {
  private static final JsonResponses JSON = new JsonResponses();

  private Answers() {}

  static JsonResponses json() {
    return JSON;
  }

  static void ok(Context ctx, byte[] body) {
    ctx.contentType("application/json").result(body);
  }

  /** Registers the mapping of {@link RequestFault} to its status (the server maps other errors). */
  static void register(JavalinConfig config) {
    config.routes.exception(RequestFault.class, (e, ctx) -> fail(ctx, e.status(), e.getMessage()));
  }

  static void fail(Context ctx, int status, String message) {
    ctx.status(status).contentType("application/json").result(JSON.error(message, status));
  }

  /** A GET on a POST endpoint: say how to call it rather than a bare 404. */
  static void postOnly(JavalinConfig config, String path, String example) {
    config.routes.get(path, ctx -> fail(ctx, 405, "Cannot GET " + ctx.path() + ": use POST with a JSON body, e.g. "
        + example));
  }
}
