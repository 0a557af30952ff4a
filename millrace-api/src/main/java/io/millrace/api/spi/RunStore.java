package io.millrace.api.spi;

import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.MetricPoint;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.RunRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable run history (SQLite by default, PostgreSQL by URL). Thread-safe.
 * Writes are upserts keyed by run id, (run id, node, attempt), (run id, table, suite).
 */
public interface RunStore extends MetricHistory, AutoCloseable {
  void saveRun(RunRecord run);

  void saveAttempt(NodeAttempt attempt);

  void saveCheck(CheckRecord check);

  void saveMetrics(List<MetricPoint> points);

  /** Most recent runs first. */
  List<RunRecord> runs(int limit);

  Optional<RunRecord> run(String runId);

  /** Attempts of a run, in start order. */
  List<NodeAttempt> attempts(String runId);

  List<CheckRecord> checks(String runId);

  /** Metric points of a table, oldest first (for reports). */
  List<MetricPoint> metrics(String table);

  /** Median duration in milliseconds of successful attempts per node, over the last {@code runs} runs. */
  Map<String, Long> medianDurations(int runs);

  @Override
  void close();
}
