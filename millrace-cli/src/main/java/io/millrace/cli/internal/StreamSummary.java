package io.millrace.cli.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one stream run did, as printed by {@code millrace stream}: a table, or one JSON object with
 * {@code events_in, valid, invalid_injected, dead_lettered, outputs, throughput_eps, latency_p50_ms,
 * latency_p99_ms} and more. {@code invalidInjected} is -1 when unknown (not a replay).
 */
public record StreamSummary(String job, long eventsIn, long valid, long invalidInjected, Map<String, Long> invalidByKind,
                            long deadLettered, long outputs, long lakeRows, double seconds, double throughputEps,
                            double latencyP50Ms, double latencyP99Ms, String processing, String runId) {
  public Map<String, Object> fields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job", job);
    m.put("events_in", eventsIn);
    m.put("valid", valid);
    m.put("invalid_injected", invalidInjected < 0 ? null : invalidInjected);
    m.put("invalid_by_kind", invalidByKind);
    m.put("dead_lettered", deadLettered);
    m.put("outputs", outputs);
    m.put("lake_rows", lakeRows);
    m.put("seconds", round(seconds));
    m.put("throughput_eps", round(throughputEps));
    m.put("latency_p50_ms", Double.isNaN(latencyP50Ms) ? null : round(latencyP50Ms));
    m.put("latency_p99_ms", Double.isNaN(latencyP99Ms) ? null : round(latencyP99Ms));
    m.put("processing", processing);
    m.put("run_id", runId);
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  public String table() {
    StringBuilder b = new StringBuilder();
    fields().forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %-18s %s%n", k, v)));
    return "stream job " + job + "\n" + b;
  }
}
