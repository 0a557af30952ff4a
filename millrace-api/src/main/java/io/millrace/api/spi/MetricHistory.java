package io.millrace.api.spi;

import java.util.List;

/** Past values of a metric, for anomaly detection. */
public interface MetricHistory {
  /** Values of a metric, oldest first, at most {@code limit} most recent. Empty if none. */
  List<Double> values(String table, String column, String metric, int limit);

  /** A history with no past values. */
  MetricHistory EMPTY = (t, c, m, l) -> List.of();
}
