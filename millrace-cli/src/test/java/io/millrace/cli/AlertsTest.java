package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.millrace.api.alert.AlertEvent;
import io.millrace.api.alert.AlertState;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.server.alerts.AlertEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts from real runs to a real webhook receiver, a command and the log; history in the run store. */
class AlertsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private HttpServer receiver;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger failFirst = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      requests.incrementAndGet();
      int status = failFirst.getAndDecrement() > 0 ? 500 : 200;
      if (status == 200) {
        received.add(JSON.readTree(body));
      }
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  private String hookVar() {
    return "port=" + receiver.getAddress().getPort();
  }

  @Test
  void aWebhookGetsFiringOnceWithinTheRepeatIntervalThenResolved(@TempDir Path dir) throws Exception {
    Path p = OpsProject.create(dir, "alerts:\n  - name: pipeline-failed\n    when: run_failed\n"
        + "    webhook: \"http://127.0.0.1:${port}/hook\"\n");
    CliRun bad = CliRun.of("run", p.toString(), "--quiet", "--var", "v=abc", "--var", hookVar());
    assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(1);
    assertThat(received).hasSize(1);
    JsonNode firing = received.get(0);
    String failedRun;
    try (ProjectContext ctx = ProjectContext.open(p, Map.of("port", "1"))) {
      failedRun = ctx.runStore().runs("ops", 1).get(0).runId();
    }
    assertThat(firing.path("alert").asText()).isEqualTo("pipeline-failed");
    assertThat(firing.path("when").asText()).isEqualTo("run_failed");
    assertThat(firing.path("project").asText()).isEqualTo("ops");
    assertThat(firing.path("state").asText()).isEqualTo("firing");
    assertThat(firing.path("run_id").asText()).isEqualTo(failedRun);
    assertThat(firing.path("summary").asText()).contains("failed at node orders").contains("'abc'");
    assertThat(firing.path("text").asText()).startsWith("[FIRING] pipeline-failed (ops): Run " + failedRun);
    assertThat(firing.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

    // a second failure within repeat (4h by default): no new notification
    assertThat(CliRun.of("run", p.toString(), "--quiet", "--var", "v=abc", "--var", hookVar()).exitCode()).isEqualTo(1);
    assertThat(received).hasSize(1);

    assertThat(CliRun.of("run", p.toString(), "--quiet", "--var", hookVar()).exitCode()).isZero();
    assertThat(received).hasSize(2);
    assertThat(received.get(1).path("state").asText()).isEqualTo("resolved");
    assertThat(received.get(1).path("summary").asText()).contains("succeeded");

    CliRun list = CliRun.of("alerts", p.toString(), "--var", hookVar());
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out()).contains("pipeline-failed").contains("run_failed").contains("ok (resolved)")
        .contains("webhook http://127.0.0.1:" + receiver.getAddress().getPort() + "/***")
        .doesNotContain("/hook");
    assertThat(list.out().lines().filter(l -> l.contains("delivered")).count()).isEqualTo(2);
  }

  @Test
  void deliveryIsRetriedWithBackoffWhenTheReceiverFailsFirst(@TempDir Path dir) throws Exception {
    failFirst.set(2);
    Path p = OpsProject.create(dir, "alerts:\n  - name: checks\n    when: check_failed\n    severity: warn\n"
        + "    retries: 3\n    retry_delay: 20ms\n    webhook: \"http://127.0.0.1:${port}/hook\"\n");
    assertThat(CliRun.of("run", p.toString(), "--quiet", "--var", hookVar()).exitCode()).isZero();
    assertThat(requests.get()).isEqualTo(3);
    assertThat(received).hasSize(1);
    assertThat(received.get(0).path("summary").asText())
        .contains("table orders").contains("expect_column_values_to_not_be_null(name) warn");
    try (ProjectContext ctx = ProjectContext.open(p, Map.of("port", "1"))) {
      AlertEvent e = ctx.runStore().alertEvents("ops", 10).get(0);
      assertThat(e.delivery()).isEqualTo("delivered after 3 attempts");
      assertThat(e.subject()).isEqualTo("orders/orders");
    }
  }

  @Test
  void anErrorSeverityAlertIgnoresWarnings(@TempDir Path dir) throws Exception {
    Path p = OpsProject.create(dir, "alerts:\n  - name: errors-only\n    when: check_failed\n    severity: error\n"
        + "    webhook: \"http://127.0.0.1:${port}/hook\"\n");
    assertThat(CliRun.of("run", p.toString(), "--quiet", "--var", hookVar()).exitCode()).isZero();
    assertThat(requests.get()).isZero();
  }

  @Test
  void commandAndLogDeliveriesGetTheNotification(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("alert.json");
    Path p = OpsProject.create(dir, "alerts:\n  - name: to-command\n    when: run_failed\n"
        + "    command: \"cat > '" + out + "'; echo \\\"$MILLRACE_ALERT_STATE\\\" >> '" + out + ".state'\"\n"
        + "  - name: to-log\n    when: run_failed\n    log: true\n");
    CliRun bad = CliRun.of("run", p.toString(), "--quiet", "--var", "v=abc");
    assertThat(bad.exitCode()).isEqualTo(1);
    JsonNode body = JSON.readTree(Files.readString(out));
    assertThat(body.path("alert").asText()).isEqualTo("to-command");
    assertThat(body.path("state").asText()).isEqualTo("firing");
    assertThat(Files.readString(Path.of(out + ".state"))).isEqualTo("firing\n");
    assertThat(bad.err()).contains("millrace: alert [FIRING] to-log (ops): Run ").contains("failed at node orders");
  }

  @Test
  void aFreshnessAlertFiresOnAnOldTableAndResolvesWhenItIsFresh(@TempDir Path dir) throws Exception {
    Path p = OpsProject.create(dir, "alerts:\n  - name: orders-stale\n    when: freshness\n    table: orders\n"
        + "    max_age: 2h\n    webhook: \"http://127.0.0.1:${port}/hook\"\n  - name: never\n    when: freshness\n"
        + "    table: nowhere\n    max_age: 1d\n    log: true\n");
    CliRun run = CliRun.of("run", p.toString(), "--quiet", "--var", hookVar());
    assertThat(run.exitCode()).isZero();
    assertThat(received).isEmpty();   // just committed
    // freshness is also evaluated after each run: the missing table fires at once
    assertThat(run.err()).contains("[FIRING] never (ops): Table nowhere has never been committed");
    List<String> log = new ArrayList<>();
    try (ProjectContext ctx = ProjectContext.open(p, Map.of("port", String.valueOf(receiver.getAddress().getPort())))) {
      // three hours later, as a long-running serve/schedule would see it
      AlertEngine later = new AlertEngine("ops", ctx.spec().alerts(), ctx.runStore(), ctx::warehouse,
          Clock.offset(Clock.systemUTC(), Duration.ofHours(3)), log::add);
      later.periodic();
      assertThat(received).hasSize(1);
      assertThat(received.get(0).path("summary").asText()).startsWith("Table orders was last committed 3h 0m ago")
          .endsWith("(max_age 2h 0m)");
      assertThat(received.get(0).path("run_id").isNull()).isTrue();
      assertThat(log).noneMatch(l -> l.contains("never (ops)"));   // already firing, within repeat
      later.periodic();   // still stale, within repeat: quiet
      assertThat(received).hasSize(1);
      new AlertEngine("ops", ctx.spec().alerts(), ctx.runStore(), ctx::warehouse,
          Clock.offset(Clock.systemUTC(), Duration.ofHours(8)), log::add).periodic();   // past repeat (4h)
      assertThat(received).hasSize(2);
      assertThat(received.get(1).path("state").asText()).isEqualTo("firing");
      new AlertEngine("ops", ctx.spec().alerts(), ctx.runStore(), ctx::warehouse, Clock.systemUTC(), log::add)
          .periodic();
      assertThat(received).hasSize(3);
      assertThat(received.get(2).path("state").asText()).isEqualTo("resolved");
      List<AlertEvent> history = ctx.runStore().alertEvents("ops", 10);
      assertThat(history.stream().filter(e -> e.alert().equals("orders-stale")).map(AlertEvent::state).toList())
          .containsExactlyInAnyOrder(AlertState.RESOLVED, AlertState.FIRING, AlertState.FIRING);   // clocks moved back
    }
  }

  @Test
  void streamAlertsFireOnDeadLetterRateAndLag(@TempDir Path dir) throws Exception {
    Path p = OpsProject.create(dir, "alerts:\n  - {name: dlq, when: dead_letters, threshold: 0.05, "
        + "webhook: \"http://127.0.0.1:${port}/hook\"}\n  - {name: lag, when: stream_lag, job: user_events, "
        + "threshold: 1000, webhook: \"http://127.0.0.1:${port}/hook\"}\n");
    try (ProjectContext ctx = ProjectContext.open(p, Map.of("port", String.valueOf(receiver.getAddress().getPort())))) {
      AlertEngine engine = new AlertEngine("ops", ctx.spec().alerts(), ctx.runStore(), ctx::warehouse,
          Clock.systemUTC(), l -> { });
      java.time.Instant t = java.time.Instant.now();
      // a stream run records events in as rows in and dead letters as rejected (StreamCommand)
      io.millrace.api.run.RunRecord bad = new io.millrace.api.run.RunRecord("s1", "ops", "stream", null, null,
          io.millrace.api.run.RunState.SUCCESS, t, t.plusSeconds(5), 1000, 880, 120, 0, null);
      ctx.runStore().saveRun(bad);
      engine.afterRun(bad);
      assertThat(received).hasSize(1);
      assertThat(received.get(0).path("summary").asText())
          .isEqualTo("Stream run s1 dead-lettered 120 of 1000 events (12.00%, threshold 5.00%)");
      engine.afterRun(new io.millrace.api.run.RunRecord("s2", "ops", "stream", null, null,
          io.millrace.api.run.RunState.SUCCESS, t, t.plusSeconds(5), 1000, 990, 10, 0, null));
      assertThat(received).hasSize(2);
      assertThat(received.get(1).path("state").asText()).isEqualTo("resolved");

      // with the project's jobs known, the subject is the job whose metrics the run recorded
      engine.streamJobs(List.of("user_events", "viewing"));
      io.millrace.api.run.RunRecord s3 = new io.millrace.api.run.RunRecord("s3", "ops", "stream", null, null,
          io.millrace.api.run.RunState.SUCCESS, t, t.plusSeconds(5), 100, 50, 50, 0, null);
      ctx.runStore().saveRun(s3);   // as the stream command: the run, its metrics under the job's name, then the hook
      ctx.runStore().saveMetrics(List.of(new io.millrace.api.run.MetricPoint("s3", "viewing", "", "events_in", 100, t)));
      engine.afterRun(s3);
      assertThat(received).hasSize(3);
      assertThat(received.get(2).path("subject").asText()).isEqualTo("viewing");
      assertThat(received.get(2).path("summary").asText())
          .isEqualTo("Stream job viewing: run s3 dead-lettered 50 of 100 events (50.00%, threshold 5.00%)");
      received.remove(2);

      Map<String, Double> lag = new java.util.concurrent.ConcurrentHashMap<>(Map.of("user_events", 25_000.0,
          "other_job", 99_999.0));
      engine.lagSource(() -> lag);
      engine.periodic();
      assertThat(received).hasSize(3);   // the alert watches user_events only
      assertThat(received.get(2).path("subject").asText()).isEqualTo("user_events");
      assertThat(received.get(2).path("summary").asText()).contains("25000 records behind").contains("threshold 1000");
      lag.put("user_events", 12.0);
      engine.periodic();
      assertThat(received).hasSize(4);
      assertThat(received.get(3).path("state").asText()).isEqualTo("resolved");
    }
  }

  @Test
  void badAlertEntriesNameTheFileAndLine(@TempDir Path dir) throws Exception {
    Map<String, String> cases = Map.of(
        "alerts:\n  - name: a\n    when: run_faild\n    log: true\n", "did you mean 'run_failed'",
        "alerts:\n  - name: a\n    when: freshness\n    log: true\n", "a freshness alert needs 'table'",
        "alerts:\n  - name: a\n    when: run_failed\n    log: true\n    webhook: http://x/\n", "exactly one of",
        "alerts:\n  - name: a\n    when: run_failed\n    webhook: ftp://x/\n", "must be an http:// or https:// URL",
        "alerts:\n  - name: a\n    when: run_failed\n    max_age: 2h\n    log: true\n", "'max_age' does not apply");
    int i = 0;
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Path p = OpsProject.create(dir.resolve("c" + i++), c.getKey());
      CliRun r = CliRun.of("plan", p.toString());
      assertThat(r.exitCode()).as(c.getKey() + r).isEqualTo(2);
      assertThat(r.err()).as(c.getKey()).containsPattern("millrace.yaml:\\d+").contains(c.getValue());
    }
  }
}
