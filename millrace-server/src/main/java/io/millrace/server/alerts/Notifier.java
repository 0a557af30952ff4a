package io.millrace.server.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.millrace.api.Secrets;
import io.millrace.api.alert.AlertDelivery;
import io.millrace.api.alert.AlertSpec;
import io.millrace.server.MillraceServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Delivers a {@link Notice} to its alert's destination, retrying with exponential backoff: a webhook gets
 * a JSON POST (any 2xx is delivered), a command runs under {@code sh -c} with the JSON on standard input
 * and {@code MILLRACE_ALERT_*} variables (exit 0 is delivered), the log gets one line. Never throws:
 * the result says what happened, for the alert history.
 */
final class Notifier {
  static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
  private final Consumer<String> log;
  private final Sleeper sleeper;

  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  Notifier(Consumer<String> log, Sleeper sleeper) {
    this.log = log;
    this.sleeper = sleeper;
  }

  /** @return {@code delivered}, {@code delivered after N attempts}, or {@code failed after N attempts: why} */
  String deliver(Notice notice) {
    AlertSpec a = notice.alert();
    Duration delay = a.retryDelay();
    String why = "";
    int attempts = a.retries() + 1;
    for (int i = 1; i <= attempts; i++) {
      try {
        once(notice);
        return i == 1 ? "delivered" : "delivered after " + i + " attempts";
      } catch (DeliveryException e) {
        why = Secrets.mask(e.getMessage());
      }
      if (i < attempts) {
        try {
          sleeper.sleep(delay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return "failed after " + i + " attempts (interrupted): " + why;
        }
        delay = delay.multipliedBy(2);
      }
    }
    String result = "failed after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ": " + why;
    log.accept("millrace: Cannot deliver alert '" + a.name() + "' to " + a.delivery() + ": " + why);
    return result;
  }

  private void once(Notice n) throws DeliveryException {
    AlertDelivery d = n.alert().delivery();
    switch (d.kind()) {
      case LOG -> log.accept("millrace: alert " + n.text());
      case WEBHOOK -> post(d.target(), json(n));
      case COMMAND -> command(d.target(), n);
      default -> throw new IllegalStateException(d.kind().name());
    }
  }

  private void post(String url, String body) throws DeliveryException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(HTTP_TIMEOUT)
        .header("Content-Type", "application/json").header("User-Agent", "millrace-alerts")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new DeliveryException("webhook unreachable: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted");
    }
    if (resp.statusCode() / 100 != 2) {
      String text = resp.body() == null ? "" : resp.body().strip();
      throw new DeliveryException("webhook answered HTTP " + resp.statusCode()
          + (text.isEmpty() ? "" : " " + text.substring(0, Math.min(200, text.length()))));
    }
  }

  private void command(String command, Notice n) throws DeliveryException {
    ProcessBuilder pb = new ProcessBuilder(List.of("sh", "-c", command)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("MILLRACE_ALERT", n.alert().name());
    pb.environment().put("MILLRACE_ALERT_STATE", n.state().label());
    pb.environment().put("MILLRACE_ALERT_WHEN", n.alert().when().label());
    pb.environment().put("MILLRACE_ALERT_SUMMARY", n.summary());
    pb.environment().put("MILLRACE_PROJECT", n.project());
    try {
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(json(n).getBytes(StandardCharsets.UTF_8));
      } catch (IOException ignored) {
        // the command need not read its input
      }
      if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new DeliveryException("command did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s");
      }
      if (p.exitValue() != 0) {
        throw new DeliveryException("command exited with " + p.exitValue());
      }
    } catch (IOException e) {
      throw new DeliveryException("cannot start command: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted");
    }
  }

  static String json(Notice n) {
    try {
      return MillraceServer.json().writeValueAsString(n.body());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class DeliveryException extends Exception {
    DeliveryException(String message) {
      super(message);
    }
  }
}
