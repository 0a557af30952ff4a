package io.millrace.core.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Performance of one run.
 *
 * @param wallMillis run start to end
 * @param rowsIn source lines read (including rejected)
 * @param rowsOut rows committed to tables (sources and models; exports excluded)
 * @param records records the throughput counts: {@code rowsIn}, or {@code rowsOut} for a pipeline
 *     without sources
 * @param recordsPerSecond {@code records} / wall seconds
 * @param nodeMillis latency of each node that ran (first attempt start to end)
 * @param costPerHour the project's dollars per hour (0 = unknown)
 * @param recordsPerHourPerDollar cost efficiency, null when {@code costPerHour} is 0
 */
public record PipelineMetrics(long wallMillis, long rowsIn, long rowsOut, long records, double recordsPerSecond,
                              Map<String, Long> nodeMillis, double costPerHour, Double recordsPerHourPerDollar) {
  public PipelineMetrics {
    nodeMillis = Collections.unmodifiableMap(new LinkedHashMap<>(nodeMillis));
  }

  /** Derives throughput and cost efficiency from the counts. */
  public static PipelineMetrics of(long wallMillis, long rowsIn, long rowsOut, Map<String, Long> nodeMillis,
                                   double costPerHour) {
    long records = rowsIn > 0 ? rowsIn : rowsOut;
    double perSecond = records / (Math.max(1, wallMillis) / 1000.0);
    Double efficiency = costPerHour > 0 ? perSecond * 3600 / costPerHour : null;
    return new PipelineMetrics(wallMillis, rowsIn, rowsOut, records, perSecond, nodeMillis, costPerHour, efficiency);
  }
}
