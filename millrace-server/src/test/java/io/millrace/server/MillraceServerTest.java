package io.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.MillraceException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class MillraceServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesHealthAndMapsErrorsToStatusesWithJsonBodies() throws Exception {
    Routes failing = (config, options) -> {
      config.routes.get("/user-error", ctx -> {
        throw MillraceException.user("Unknown feature 'u:nope'");
      });
      config.routes.get("/bug", ctx -> {
        throw new IllegalStateException("boom");
      });
    };
    try (MillraceServer server = MillraceServer.start(new ServerOptions("127.0.0.1", 0, null), List.of(failing))) {
      assertThat(get(server.port(), "/health").body()).isEqualTo("{\"status\":\"ok\"}");
      HttpResponse<String> user = get(server.port(), "/user-error");
      assertThat(user.statusCode()).isEqualTo(400);
      assertThat(user.body()).contains("Unknown feature 'u:nope'").contains("\"kind\":\"USER\"");
      HttpResponse<String> bug = get(server.port(), "/bug");
      assertThat(bug.statusCode()).isEqualTo(500);
      assertThat(bug.body()).contains("boom");
      HttpResponse<String> missing = get(server.port(), "/nowhere");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).contains("No such endpoint: GET /nowhere");
      assertThat(get(server.port(), "/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void writesNeedATokenOffLoopback() {
    assertThat(new ServerOptions("127.0.0.1", 0, null).writesEnabled()).isTrue();
    assertThat(new ServerOptions("0.0.0.0", 0, null).writesEnabled()).isFalse();
    assertThat(new ServerOptions("0.0.0.0", 0, "s3cret").writesEnabled()).isTrue();
  }
}
