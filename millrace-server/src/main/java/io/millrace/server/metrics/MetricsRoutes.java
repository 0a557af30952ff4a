package io.millrace.server.metrics;

import io.javalin.config.JavalinConfig;
import io.millrace.server.Routes;
import io.millrace.server.ServerOptions;
import java.util.Objects;

/**
 * {@code GET /metrics}: the project's metrics in the Prometheus text format (see {@link MillraceMetrics}
 * for what is there). Read-only, so served without a token.
 */
public final class MetricsRoutes implements Routes {
  /** The Prometheus text exposition format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final MillraceMetrics metrics;

  public MetricsRoutes(MillraceMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public void register(JavalinConfig config, ServerOptions options) {
    config.routes.get("/metrics", ctx -> ctx.contentType(CONTENT_TYPE).result(metrics.scrape()));
  }
}
