package io.millrace.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.server.MillraceServer;
import io.millrace.server.ServerOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleRoutesTest {
  private static final String EVIL = "<script>alert('x')</script>";
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(MillraceServer s, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(MillraceServer s, String path, String auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("from=2025-01-01&to=2025-01-03"));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void everyPageEscapesUserData() throws Exception {
    String run = "r\"><img src=x onerror=alert(1)>";
    FixedConsoleData data = FixedConsoleData.chain(EVIL, "a<i>", "b&amp;", "c'\"", EVIL + "d", run);
    data.log = "</pre>" + EVIL;
    try (MillraceServer s = MillraceServer.start(new ServerOptions("127.0.0.1", 0, null), List.of(new ConsoleRoutes(data)))) {
      data.audit(new io.millrace.api.run.AuditRecord(FixedConsoleData.T0, EVIL, EVIL, "trigger", EVIL, EVIL));
      String r = "/runs/" + enc(run);
      for (String path : List.of("/runs", r, r + "/nodes/" + enc("a<i>") + "/log?attempt=1", r + "/report", "/tables",
          "/tables/" + enc("a<i>") + "?sql=" + enc("select '" + EVIL + "'") + "&as_of=" + enc(EVIL), "/lineage", "/streams",
          "/audit")) {
        HttpResponse<String> page = get(s, path);
        assertThat(page.statusCode()).as(path + " " + page.body()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String body = page.body();
        assertThat(body).as(path).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("<i>")
            .doesNotContain("b&amp;<").doesNotContain("</pre><script");
        assertThat(body).as(path).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        // the only scripts are the console's own
        assertThat(body.split("<script", -1)).as(path).hasSize(2);
      }
      assertThat(get(s, r).body()).contains("data-node=\"a&lt;i&gt;\"").contains("b&amp;amp;");
    }
  }

  @Test
  void eachPageHasAJsonTwinWithTheSameData() throws Exception {
    FixedConsoleData data = FixedConsoleData.chain("shop", "a", "b", "c", "d", "r1");
    try (MillraceServer s = MillraceServer.start(new ServerOptions("127.0.0.1", 0, null), List.of(new ConsoleRoutes(data)))) {
      for (String path : List.of("/runs", "/runs/r1", "/runs/r1/nodes/a/log?attempt=1", "/tables", "/tables/a", "/lineage",
          "/streams", "/alerts", "/audit", "/runs/r1/report")) {
        HttpResponse<String> json = get(s, "/api" + path);
        assertThat(json.statusCode()).as(path).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(json.body()).contains("\"project\":\"shop\"");
      }
      assertThat(get(s, "/api/runs/r1").body()).contains("\"criticalPath\":[\"a\",\"b\",\"c\"]");
      assertThat(get(s, "/api/runs/nope").statusCode()).isEqualTo(400);
      assertThat(get(s, "/api/streams").body()).contains("\"utilization\":0.8", "\"latencyP99Ms\":48.5");
      assertThat(get(s, "/streams").body()).contains("<th class=\"n\">Latency p99</th>", "48.5 ms", "12,000");
      // live consumer lag: the total, each partition, and an unreachable broker said in words
      assertThat(get(s, "/api/streams").body()).contains("\"lag\":{\"status\":\"ok\"", "\"total\":1234",
          "{\"partition\":1,\"committed\":null,\"end\":234,\"lag\":234}", "\"status\":\"unreachable\"");
      assertThat(get(s, "/streams").body()).contains("<th class=\"n\">Consumer lag</th>", "1,234", "Consumer lag of a",
          "<td class=\"n\">2,000</td>", "broker unreachable", "no answer from 127.0.0.1:1 within 1500 ms");
      assertThat(get(s, "/streams").body()).contains("<table id=\"lookups\">", "<td>user_stats</td><td class=\"n\">900</td>",
          "0.42 ms", "5.0 ms");
      assertThat(get(s, "/api/streams").body()).contains("\"features\":[{\"view\":\"user_stats\",\"found\":900");
      // alerts: each declared alert's state from its newest notifications, then the history
      assertThat(get(s, "/api/alerts").body()).contains("{\"name\":\"stale\",\"when\":\"freshness\"",
          "\"state\":\"firing\",\"firingSubjects\":1", "{\"name\":\"failed\"", "\"state\":\"resolved\"",
          "\"state\":\"never fired\"", "\"summary\":\"Run r1 of shop failed at node a\"");
      assertThat(get(s, "/alerts").body()).contains("<table id=\"alerts\">", ">FIRING</span>", "ok (resolved)",
          "ok (never fired)", "<table id=\"notifications\">", "failed after 4 attempts: webhook answered HTTP 500",
          "a was last committed 3h ago (max 2h)", "href=\"/alerts\" class=\"on\"");
      assertThat(get(s, "/console/console.css").body()).contains("--accent");
    }
  }

  @Test
  void actionsNeedTheBearerTokenWhenOneIsSetAndAreAudited() throws Exception {
    FixedConsoleData data = FixedConsoleData.chain("shop", "a", "b", "c", "d", "r1");
    try (MillraceServer s = MillraceServer.start(new ServerOptions("127.0.0.1", 0, "s3cret"), List.of(new ConsoleRoutes(data)))) {
      assertThat(post(s, "/api/actions/trigger", null).statusCode()).isEqualTo(401);
      assertThat(post(s, "/api/actions/trigger", "Bearer wrong").statusCode()).isEqualTo(401);
      assertThat(data.actionsTaken).isEmpty();
      HttpResponse<String> ok = post(s, "/api/actions/trigger", "Bearer s3cret");
      assertThat(ok.statusCode()).isEqualTo(202);
      assertThat(ok.body()).contains("started a run");
      assertThat(post(s, "/api/actions/backfill", "Bearer s3cret").statusCode()).isEqualTo(202);
      HttpResponse<String> refused = post(s, "/api/runs/r1/resume", "Bearer s3cret");
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).contains("Cannot resume run 'r1': it is running");
      assertThat(post(s, "/api/runs/r1/cancel", "Bearer s3cret").statusCode()).isEqualTo(202);
      assertThat(data.actionsTaken).containsExactly("trigger", "backfill 2025-01-01 2025-01-03", "cancel r1");
      assertThat(data.audit).extracting(a -> a.action() + " " + a.result()).containsExactly(
          "cancel accepted: cancelling",
          "resume refused: Cannot resume run 'r1': it is running",
          "backfill accepted: started a backfill",
          "trigger accepted: started a run",
          "trigger refused: missing or wrong bearer token",
          "trigger refused: missing or wrong bearer token");
      assertThat(data.audit.get(0).who()).startsWith("token ");
      assertThat(data.audit.get(2).target()).isEqualTo("2025-01-01 → 2025-01-03");
    }
  }

  @Test
  void actionsAreOffOnANonLoopbackAddressWithoutAToken() throws Exception {
    FixedConsoleData data = FixedConsoleData.chain("shop", "a", "b", "c", "d", "r1");
    // 0.0.0.0 is not loopback: the server must refuse every write (it still listens on 127.0.0.1 too)
    try (MillraceServer s = MillraceServer.start(new ServerOptions("0.0.0.0", 0, null), List.of(new ConsoleRoutes(data)))) {
      HttpResponse<String> r = post(s, "/api/actions/trigger", null);
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.body()).contains("actions are off on a non-loopback address without MILLRACE_TOKEN");
      assertThat(data.actionsTaken).isEmpty();
      assertThat(get(s, "/runs").body()).contains("Actions are off").doesNotContain("data-action");
    }
  }
}
