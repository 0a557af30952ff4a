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

  /**
   * Saves many attempts and checks at once: stores that can write them in one transaction override
   * this (a run buffers its records and writes them at node and run boundaries). The default saves
   * them one by one.
   */
  default void saveAll(List<NodeAttempt> attempts, List<CheckRecord> checks) {
    attempts.forEach(this::saveAttempt);
    checks.forEach(this::saveCheck);
  }

  /**
   * A project's most recent runs first (a store may be shared by several projects, e.g. one
   * PostgreSQL database).
   */
  List<RunRecord> runs(String project, int limit);

  Optional<RunRecord> run(String runId);

  /** Attempts of a run, in start order. */
  List<NodeAttempt> attempts(String runId);

  List<CheckRecord> checks(String runId);

  /** Metric points of a table, oldest first (for reports). */
  List<MetricPoint> metrics(String table);

  /**
   * Median duration in milliseconds of successful attempts per node, over the project's last
   * {@code runs} runs.
   */
  Map<String, Long> medianDurations(String project, int runs);

  @Override
  void close();
}
