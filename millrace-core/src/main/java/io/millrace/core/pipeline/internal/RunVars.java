package io.millrace.core.pipeline.internal;

import io.millrace.core.schedule.Interval;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/** Interval text and the variables a run substitutes into model SQL. */
public final class RunVars {
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
  /** Start of a run without an interval: everything up to the run's start. */
  private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

  private RunVars() {}

  public static String iso(LocalDateTime t) {
    return ISO.format(t);
  }

  /** Parses the ISO text stored in a run record. */
  public static LocalDateTime parse(String iso) {
    return LocalDateTime.parse(iso);
  }

  /** Tag identifying an interval's appended files, e.g. {@code interval:2024-05-01T00:00:00/2024-05-02T00:00:00}. */
  public static String tag(Interval i) {
    return "interval:" + iso(i.start()) + "/" + iso(i.end());
  }

  /** Project vars, then overrides, then {@code data_interval_start/end} and {@code run_id}. */
  public static Map<String, String> of(Map<String, String> project, Map<String, String> overrides,
                                       Interval interval, String runId, Instant started) {
    Map<String, String> vars = new HashMap<>(project);
    vars.putAll(overrides);
    LocalDateTime end = LocalDateTime.ofInstant(started, ZoneOffset.UTC).withNano(0);
    vars.put("data_interval_start", iso(interval == null ? EPOCH : interval.start()));
    vars.put("data_interval_end", iso(interval == null ? end : interval.end()));
    vars.put("run_id", runId);
    return vars;
  }
}
