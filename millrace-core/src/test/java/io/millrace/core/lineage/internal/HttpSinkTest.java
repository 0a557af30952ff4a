package io.millrace.core.lineage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real HTTP receiver on 127.0.0.1, down for the first delivery and up for the second. */
class HttpSinkTest {
  @Test
  void eventsForADownServerAreSpooledAndDeliveredInOrderOnceItIsUp(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port + "/api/v1/lineage");
    Path spool = dir.resolve("lineage/spool.jsonl");

    HttpSink down = new HttpSink(url, Duration.ofSeconds(2), spool);
    down.send(List.of("{\"n\":1}", "{\"n\":2}"));
    down.flush();
    assertThat(Files.readAllLines(spool)).containsExactly("{\"n\":1}", "{\"n\":2}");

    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/api/v1/lineage", ex -> {
      received.add(ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("Content-Type") + " "
          + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(201, -1);
      ex.close();
    });
    server.start();
    try {
      HttpSink up = new HttpSink(url, Duration.ofSeconds(2), spool);
      up.send(List.of("{\"n\":3}"));
      up.flush();
      assertThat(received).containsExactly("POST application/json {\"n\":1}", "POST application/json {\"n\":2}",
          "POST application/json {\"n\":3}");
      assertThat(spool).doesNotExist();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aServerErrorKeepsTheEventAndEverythingAfterIt(@TempDir Path dir) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    List<String> received = new CopyOnWriteArrayList<>();
    server.createContext("/", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(body);
      ex.sendResponseHeaders(body.contains("2") ? 500 : 200, -1);
      ex.close();
    });
    server.start();
    try {
      Path spool = dir.resolve("spool.jsonl");
      HttpSink sink = new HttpSink(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
          Duration.ofSeconds(2), spool);
      sink.send(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"));
      sink.flush();
      assertThat(received).containsExactly("{\"n\":1}", "{\"n\":2}");
      assertThat(Files.readAllLines(spool)).containsExactly("{\"n\":2}", "{\"n\":3}");
    } finally {
      server.stop(0);
    }
  }
}
