package io.millrace.core.project.internal;

import io.millrace.core.logs.LogRetention;
import java.time.Duration;
import java.util.Map;

/** Reads {@code log_retention: {keep_days: 30, keep_runs: 50}} of millrace.yaml (see {@link LogRetention}). */
final class LogRetentionReader {
  private LogRetentionReader() {}

  static LogRetention read(YNode node) {
    if (node == null || node.isNull()) {
      return LogRetention.DEFAULT;
    }
    Map<String, YNode> f = node.fields("keep_days", "keep_runs");
    double days = f.containsKey("keep_days") ? f.get("keep_days").number(0) : LogRetention.DEFAULT.keepAge().toDays();
    if (days <= 0) {
      throw f.get("keep_days").error("log_retention.keep_days must be positive, got %s", f.get("keep_days").rawText());
    }
    int runs = f.containsKey("keep_runs") ? f.get("keep_runs").integer(1) : LogRetention.DEFAULT.keepRuns();
    return new LogRetention(Duration.ofMillis((long) (days * 86_400_000L)), runs);
  }
}
