package io.millrace.lake;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.millrace.lake.internal.WarehouseFileIO;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.RESTCatalogProperties;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ErrorResponse;

/**
 * An Iceberg REST catalog server on 127.0.0.1 for tests, built from Iceberg's own server-side request
 * handlers ({@link CatalogHandlers}, which Iceberg's test server {@code RESTCatalogAdapter} also
 * calls) over an {@link InMemoryCatalog}, with the JDK's HTTP server. Iceberg's test server itself
 * (iceberg-open-api test fixtures, iceberg-core tests jar) is not served by the package registry
 * here. It serves the table and namespace routes Millrace uses; metrics reports are accepted and dropped.
 */
final class LoopbackRestCatalog implements AutoCloseable {
  private final HttpServer server;
  private final InMemoryCatalog backend = new InMemoryCatalog();
  private final ObjectMapper json = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .setVisibility(com.fasterxml.jackson.annotation.PropertyAccessor.FIELD,
          com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY);   // as Iceberg's RESTObjectMapper
  /** Table commits the server refused because another writer committed first (HTTP 409). */
  final AtomicInteger conflicts = new AtomicInteger();

  LoopbackRestCatalog(Path folder) throws IOException {
    RESTSerializers.registerAll(json);
    backend.initialize("backend", Map.of(CatalogProperties.WAREHOUSE_LOCATION, folder.toString(),
        CatalogProperties.FILE_IO_IMPL, WarehouseFileIO.class.getName(), WarehouseFileIO.ROOT, folder.toString()));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
  }

  String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String method = x.getRequestMethod();
      String[] p = x.getRequestURI().getRawPath().replaceAll("^/+|/+$", "").split("/");
      try {
        Object response = route(method, p, x);
        if (response == null) {
          x.sendResponseHeaders(204, -1);
        } else {
          send(x, 200, response);
        }
      } catch (NoSuchTableException | NoSuchNamespaceException | NotFoundException e) {
        error(x, 404, e);
      } catch (AlreadyExistsException e) {
        error(x, 409, e);
      } catch (CommitFailedException e) {
        conflicts.incrementAndGet();
        error(x, 409, e);
      } catch (ValidationException | IllegalArgumentException e) {
        error(x, 400, e);
      } catch (RuntimeException e) {
        e.printStackTrace();   // a server bug: shown in the test's output
        error(x, 500, e);
      }
    }
  }

  private Object route(String method, String[] p, HttpExchange x) throws IOException {
    if (p.length == 2 && p[1].equals("config")) {
      return ConfigResponse.builder().build();
    }
    if (p.length == 2 && p[1].equals("namespaces")) {
      return method.equals("POST") ? CatalogHandlers.createNamespace(backend, read(x, CreateNamespaceRequest.class))
          : CatalogHandlers.listNamespaces(backend, Namespace.empty());
    }
    Namespace ns = p.length >= 3 ? RESTUtil.decodeNamespace(p[2], "%1F") : null;
    if (p.length == 3) {
      switch (method) {
        case "HEAD" -> { CatalogHandlers.namespaceExists(backend, ns); return null; }
        case "DELETE" -> { CatalogHandlers.dropNamespace(backend, ns); return null; }
        default -> { return CatalogHandlers.loadNamespace(backend, ns); }
      }
    }
    if (p.length == 4 && p[3].equals("register")) {
      return CatalogHandlers.registerTable(backend, ns, read(x, RegisterTableRequest.class));
    }
    if (p.length == 4 && p[3].equals("tables")) {
      if (method.equals("POST")) {
        CreateTableRequest req = read(x, CreateTableRequest.class);
        return req.stageCreate() ? CatalogHandlers.stageTableCreate(backend, ns, req)
            : CatalogHandlers.createTable(backend, ns, req);
      }
      return CatalogHandlers.listTables(backend, ns);
    }
    if (p.length >= 5 && p[3].equals("tables")) {
      TableIdentifier id = TableIdentifier.of(ns, decode(p[4]));
      if (p.length == 6 && p[5].equals("metrics")) {
        x.getRequestBody().readAllBytes();
        return null;
      }
      switch (method) {
        case "HEAD" -> { CatalogHandlers.tableExists(backend, id); return null; }
        case "DELETE" -> {
          if (x.getRequestURI().getRawQuery() != null && x.getRequestURI().getRawQuery().contains("purgeRequested=true")) {
            CatalogHandlers.purgeTable(backend, id);
          } else {
            CatalogHandlers.dropTable(backend, id);
          }
          return null;
        }
        case "POST" -> { return CatalogHandlers.updateTable(backend, id, read(x, UpdateTableRequest.class)); }
        default -> { return CatalogHandlers.loadTable(backend, id, RESTCatalogProperties.SnapshotMode.ALL); }
      }
    }
    throw new NotFoundException("No route for %s %s", method, x.getRequestURI());
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private <T> T read(HttpExchange x, Class<T> type) throws IOException {
    return json.readValue(x.getRequestBody(), type);
  }

  private void send(HttpExchange x, int code, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void error(HttpExchange x, int code, RuntimeException e) throws IOException {
    send(x, code, ErrorResponse.builder().responseCode(code).withType(e.getClass().getSimpleName())
        .withMessage(String.valueOf(e.getMessage())).build());
  }

  @Override
  public void close() throws IOException {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    backend.close();
  }
}
