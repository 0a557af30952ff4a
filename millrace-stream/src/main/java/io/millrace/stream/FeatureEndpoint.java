package io.millrace.stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.stream.internal.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A running job's feature lookup for other processes on this machine: {@code GET
 * /features?key=K} on 127.0.0.1 (an ephemeral port) answers from {@link StreamJob#features}, the
 * job's state store, with {@code {"job", "key", "features"}} (200), 404 when the key has no state
 * here, 503 while the store is not queryable (rebalancing). Read-only; nothing else is served.
 *
 * <p>The address is advertised in a file ({@link #file}: {@code .millrace/streams/<job>.endpoint})
 * written when the endpoint starts and deleted by {@link #close}; {@link LiveFeatures} reads it. A
 * process killed hard leaves the file behind; clients then find nobody listening and treat the job
 * as not running.
 */
public final class FeatureEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final Path file;

  private FeatureEndpoint(HttpServer server, ExecutorService executor, Path file) {
    this.server = server;
    this.executor = executor;
    this.file = file;
  }

  /** Where a job's endpoint address is advertised: {@code <stateDir>/streams/<job>.endpoint}. */
  public static Path file(Path stateDir, String job) {
    return stateDir.resolve("streams").resolve(job + ".endpoint");
  }

  /**
   * Serves {@code job}'s features and writes the address to {@code file}.
   *
   * @throws MillraceException EXTERNAL when no loopback port can be bound or the file cannot be written
   */
  public static FeatureEndpoint start(StreamJob job, Path file) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot serve features of stream job '%s' on 127.0.0.1: %s",
          job.spec().name(), e.getMessage());
    }
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "millrace-features-" + job.spec().name());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/features", ex -> handle(job, ex));
    server.start();
    FeatureEndpoint endpoint = new FeatureEndpoint(server, executor, file);
    try {
      endpoint.advertise();
    } catch (RuntimeException e) {
      endpoint.close();
      throw e;
    }
    return endpoint;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void advertise() {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, address() + "\n");
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot write %s: %s", file, e.getMessage());
    }
  }

  private static void handle(StreamJob job, HttpExchange ex) throws IOException {
    try (ex) {
      Optional<String> key = key(ex);
      if (!ex.getRequestMethod().equals("GET") || !ex.getRequestURI().getPath().equals("/features") || key.isEmpty()) {
        reply(ex, 400, Map.of("error", "use GET /features?key=ENTITY_KEY"));
        return;
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("job", job.spec().name());
      body.put("key", key.get());
      try {
        Optional<Map<String, Object>> f = job.features(key.get());
        if (f.isEmpty()) {
          reply(ex, 404, body);
          return;
        }
        body.put("features", Json.plain(f.get()));
        reply(ex, 200, body);
      } catch (MillraceException e) {
        body.put("error", e.getMessage());
        reply(ex, e.kind() == ErrorKind.USER ? 400 : 503, body);
      }
    }
  }

  private static Optional<String> key(HttpExchange ex) {
    String q = ex.getRequestURI().getRawQuery();
    if (q == null) {
      return Optional.empty();
    }
    for (String part : q.split("&")) {
      if (part.startsWith("key=")) {
        return Optional.of(URLDecoder.decode(part.substring(4), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  private static void reply(HttpExchange ex, int status, Map<String, Object> body) throws IOException {
    byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops serving and removes the advertised address. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a stale file is harmless: clients find nobody listening and fall back
    }
    server.stop(0);
    executor.shutdownNow();
  }
}
