package io.millrace.core.project.internal;

import io.millrace.api.Secrets;
import io.millrace.api.alert.AlertDelivery;
import io.millrace.api.alert.AlertSpec;
import io.millrace.api.alert.AlertSpec.When;
import io.millrace.api.project.CheckSpec.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code alerts:}: a list of {@code {name, when, severity, table, max_age, job, threshold,
 * webhook | log | command, repeat, retries, retry_delay}}. Which keys a condition needs and allows is
 * checked here, with the entry's file:line. A webhook URL is registered as a secret (it often carries a
 * token), so it is masked wherever it would be printed.
 */
final class AlertReader {
  private static final String[] KEYS = {"name", "when", "severity", "table", "max_age", "job", "threshold",
      "webhook", "log", "command", "repeat", "retries", "retry_delay"};

  private AlertReader() {}

  static List<AlertSpec> read(YNode alerts) {
    List<AlertSpec> out = new ArrayList<>();
    if (alerts == null || alerts.isNull()) {
      return out;
    }
    Set<String> names = new HashSet<>();
    for (YNode item : alerts.list()) {
      AlertSpec a = one(item);
      if (!names.add(a.name())) {
        throw item.error("alert name '%s' is used twice", a.name());
      }
      out.add(a);
    }
    return out;
  }

  private static AlertSpec one(YNode item) {
    Map<String, YNode> f = item.fields(KEYS);
    if (!f.containsKey("name") || !f.containsKey("when")) {
      throw item.error("%s needs 'name' and 'when' (%s)", item.path(), whens());
    }
    String name = f.get("name").text().trim();
    if (name.isEmpty()) {
      throw f.get("name").error("%s must not be empty", f.get("name").path());
    }
    When when = f.get("when").oneOf(When.class);
    require(f, item, when, When.FRESHNESS, "table", "max_age");
    allowOnly(f, when, "severity", When.CHECK_FAILED);
    allowOnly(f, when, "max_age", When.FRESHNESS);
    allowOnly(f, when, "table", When.FRESHNESS, When.CHECK_FAILED, When.ANOMALY);
    allowOnly(f, when, "job", When.STREAM_LAG);
    allowOnly(f, when, "threshold", When.STREAM_LAG, When.DEAD_LETTERS);
    Severity severity = when != When.CHECK_FAILED ? null
        : f.containsKey("severity") ? f.get("severity").oneOf(Severity.class) : Severity.WARN;
    String table = f.containsKey("table") ? f.get("table").text().trim() : null;
    Duration maxAge = f.containsKey("max_age") ? positive(f.get("max_age")) : null;
    String job = f.containsKey("job") ? f.get("job").text().trim() : null;
    double threshold = f.containsKey("threshold") ? f.get("threshold").number(0)
        : when == When.STREAM_LAG ? 10_000 : when == When.DEAD_LETTERS ? 0.01 : 0;
    Duration repeat = f.containsKey("repeat") ? positive(f.get("repeat")) : AlertSpec.DEFAULT_REPEAT;
    int retries = f.containsKey("retries") ? f.get("retries").integer(0) : AlertSpec.DEFAULT_RETRIES;
    Duration retryDelay = f.containsKey("retry_delay") ? f.get("retry_delay").duration() : AlertSpec.DEFAULT_RETRY_DELAY;
    AlertDelivery delivery = delivery(f, item);
    return item.at(() -> new AlertSpec(name, when, severity, table, maxAge, job, threshold, delivery, repeat, retries,
        retryDelay, item.location()));
  }

  private static AlertDelivery delivery(Map<String, YNode> f, YNode item) {
    List<String> given = new ArrayList<>();
    for (String k : List.of("webhook", "log", "command")) {
      if (f.containsKey(k)) {
        given.add(k);
      }
    }
    if (given.size() != 1) {
      throw item.error("%s needs exactly one of 'webhook: URL', 'log: true' or 'command: \"...\"'%s", item.path(),
          given.isEmpty() ? "" : ", found " + String.join(" and ", given));
    }
    return switch (given.get(0)) {
      case "webhook" -> webhook(f.get("webhook"));
      case "log" -> {
        if (!f.get("log").bool()) {
          throw f.get("log").error("%s: log: false delivers nowhere; use log: true or another delivery",
              item.path());
        }
        yield AlertDelivery.log();
      }
      default -> {
        String command = f.get("command").text().trim();
        if (command.isEmpty()) {
          throw f.get("command").error("%s must not be empty", f.get("command").path());
        }
        yield AlertDelivery.command(command);
      }
    };
  }

  private static AlertDelivery webhook(YNode node) {
    String url = node.text().trim();
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw node.error("%s must be an http:// or https:// URL, found '%s'", node.path(),
          Secrets.mask(url.isEmpty() ? "(empty)" : url));
    }
    try {
      java.net.URI.create(url);
    } catch (IllegalArgumentException e) {
      throw node.error("%s is not a valid URL: %s", node.path(), e.getMessage());
    }
    if (!url.equals(node.rawText().trim())) {
      Secrets.register(url);   // read from a variable or the environment: treat as a secret
    }
    return AlertDelivery.webhook(url);
  }

  private static Duration positive(YNode node) {
    Duration d = node.duration();
    if (d.isZero() || d.isNegative()) {
      throw node.error("%s must be positive, found '%s'", node.path(), node.text());
    }
    return d;
  }

  private static void require(Map<String, YNode> f, YNode item, When when, When target, String... keys) {
    if (when != target) {
      return;
    }
    for (String k : keys) {
      if (!f.containsKey(k)) {
        throw item.error("%s: a %s alert needs '%s'", item.path(), when.label(), k);
      }
    }
  }

  private static void allowOnly(Map<String, YNode> f, When when, String key, When... allowed) {
    if (f.containsKey(key) && !List.of(allowed).contains(when)) {
      throw f.get(key).error("'%s' does not apply to a %s alert (it applies to %s)", key, when.label(),
          String.join(", ", List.of(allowed).stream().map(When::label).toList()));
    }
  }

  private static String whens() {
    return String.join(" | ", List.of(When.values()).stream().map(When::label).toList());
  }
}
