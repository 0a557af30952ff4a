package io.millrace.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.Secrets;
import java.util.List;

/**
 * The one HTTP server of a project ({@code millrace serve}): Javalin on Jetty, bound to 127.0.0.1 by default.
 * Errors are mapped here, once, from {@link ErrorKind} to HTTP statuses with a JSON body; a bad request never
 * stops the server.
 */
public final class MillraceServer implements AutoCloseable {
  private final Javalin app;

  private MillraceServer(Javalin app) {
    this.app = app;
  }

  /** The JSON mapper every route shares: ISO-8601 timestamps, no failure on empty beans. */
  public static ObjectMapper json() {
    return Json.MAPPER;
  }

  /** Starts the server with the given route groups and {@code GET /health}. */
  public static MillraceServer start(ServerOptions options, List<Routes> groups) {
    Javalin app = Javalin.create(config -> {
      config.jetty.host = options.host();
      config.jetty.port = options.port();
      config.startup.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
      config.routes.get("/health", ctx -> ctx.json(java.util.Map.of("status", "ok")));
      config.routes.exception(MillraceException.class, (e, ctx) -> fail(ctx, e.kind(), e.getMessage()));
      config.routes.exception(Exception.class, (e, ctx) -> fail(ctx, ErrorKind.INTERNAL,
          "internal error: " + e));
      config.routes.error(404, ctx -> {
        if (ctx.result() == null || !ctx.result().startsWith("{")) { // Javalin's own plain-text 404
          ctx.json(new ErrorBody("No such endpoint: " + ctx.method() + " " + ctx.path(), "USER", 404));
        }
      });
      for (Routes g : groups) {
        g.register(config, options);
      }
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      throw MillraceException.external(e, "Cannot serve on %s:%d: %s", options.host(), options.port(),
          e.getMessage());
    }
    return new MillraceServer(app);
  }

  private static void fail(Context ctx, ErrorKind kind, String message) {
    ctx.status(kind.httpStatus()).json(new ErrorBody(Secrets.mask(message), kind.name(), kind.httpStatus()));
  }

  /** The port bound (useful when 0 was asked). */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }
}
