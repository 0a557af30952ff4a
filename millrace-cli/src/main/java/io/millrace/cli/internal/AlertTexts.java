package io.millrace.cli.internal;

import io.millrace.api.alert.AlertSpec;
import io.millrace.core.project.Durations;
import io.millrace.server.console.AlertRule;
import java.util.List;
import java.util.Locale;

/** Alerts in words, as {@code millrace alerts} and the console's alerts page show them. */
public final class AlertTexts {
  private AlertTexts() {}

  /** The condition: {@code orders older than 2h}, {@code lag > 10000 on clicks}, ... */
  public static String condition(AlertSpec a) {
    return switch (a.when()) {
      case RUN_FAILED -> "any run failed";
      case CHECK_FAILED -> "severity >= " + a.severity().name().toLowerCase(Locale.ROOT)
          + (a.table() == null ? "" : " on " + a.table());
      case ANOMALY -> "anomaly expectation failed" + (a.table() == null ? "" : " on " + a.table());
      case FRESHNESS -> a.table() + " older than " + Durations.format(a.maxAge());
      case STREAM_LAG -> "lag > " + (long) a.threshold() + (a.job() == null ? "" : " on " + a.job());
      case DEAD_LETTERS -> String.format(Locale.ROOT, "dead letters > %.2f%% of a stream run", a.threshold() * 100);
    };
  }

  /** The console's rows of {@code alerts}. */
  public static List<AlertRule> rules(List<AlertSpec> alerts) {
    return alerts.stream().map(a -> new AlertRule(a.name(), a.when().label(), condition(a), a.delivery().toString(),
        Durations.format(a.repeat()))).toList();
  }
}
