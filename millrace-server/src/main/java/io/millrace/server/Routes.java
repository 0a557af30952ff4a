package io.millrace.server;

import io.javalin.config.JavalinConfig;

/**
 * One group of endpoints (features, predictions, console, metrics...). The CLI's {@code serve} command
 * assembles the groups a project needs; each group registers its routes here and reads its data only
 * through the interfaces of {@code millrace-api} (or its own), never through another module's internals.
 */
public interface Routes {
  void register(JavalinConfig config, ServerOptions options);
}
