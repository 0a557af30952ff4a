package io.millrace.core.project.internal;

import io.millrace.api.project.PipelineSpec;
import io.millrace.api.project.RetryPolicy;
import io.millrace.api.project.Schedule;
import io.millrace.core.schedule.Schedules;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads {@code pipeline:}; defaults: manual runs, no catchup, {@link RetryPolicy#DEFAULT}, 4 threads. */
final class PipelineReader {
  static final int DEFAULT_THREADS = 4;

  private PipelineReader() {}

  static PipelineSpec read(YNode node) {
    if (node == null) {
      return new PipelineSpec(null, null, false, RetryPolicy.DEFAULT, DEFAULT_THREADS);
    }
    List<String> keys = new ArrayList<>(List.of("schedule", "start_date", "catchup", "threads", "lease"));
    keys.addAll(List.of(RetryReader.KEYS));
    Map<String, YNode> f = node.fields(keys.toArray(String[]::new));
    Schedule schedule = f.containsKey("schedule")
        ? f.get("schedule").at(() -> Schedules.parse(f.get("schedule").text())) : null;
    LocalDateTime start = f.containsKey("start_date") ? dateTime(f.get("start_date")) : null;
    boolean catchup = f.containsKey("catchup") && f.get("catchup").bool();
    int threads = f.containsKey("threads") ? f.get("threads").integer(1) : DEFAULT_THREADS;
    RetryPolicy retry = RetryReader.read(f, RetryPolicy.DEFAULT, node);
    java.time.Duration lease = f.containsKey("lease") ? f.get("lease").duration() : null;
    if (lease != null && lease.toMillis() < 100) {
      throw f.get("lease").error("pipeline.lease must be at least 100ms, found '%s'", f.get("lease").text());
    }
    return new PipelineSpec(schedule, start, catchup, retry, threads, lease);
  }

  private static LocalDateTime dateTime(YNode node) {
    String t = node.text().trim();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay();
      }
      return LocalDateTime.parse(t.replace(' ', 'T').replace("Z", ""));
    } catch (DateTimeParseException e) {
      throw node.error("%s must be a date (2025-01-01) or a UTC date-time (2025-01-01T06:00), found '%s'",
          node.path(), t);
    }
  }
}
