package io.millrace.quality.report;

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
import java.util.stream.Collectors;

/** A plain in-memory run store holding test data (the JDBC store lives in millrace-core). */
final class InMemoryRunStore implements RunStore {
  private final Map<String, RunRecord> runs = new LinkedHashMap<>();
  private final List<NodeAttempt> attempts = new ArrayList<>();
  private final List<CheckRecord> checks = new ArrayList<>();
  private final List<MetricPoint> metrics = new ArrayList<>();

  @Override
  public void saveRun(RunRecord run) {
    runs.put(run.runId(), run);
  }

  @Override
  public void saveAttempt(NodeAttempt attempt) {
    attempts.add(attempt);
  }

  @Override
  public void saveCheck(CheckRecord check) {
    checks.add(check);
  }

  @Override
  public void saveMetrics(List<MetricPoint> points) {
    metrics.addAll(points);
  }

  @Override
  public List<RunRecord> runs(String project, int limit) {
    return runs.values().stream().filter(r -> r.project().equals(project)).sorted(Comparator.comparing(RunRecord::startedAt).reversed()).limit(limit)
        .collect(Collectors.toList());
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  @Override
  public List<NodeAttempt> attempts(String runId) {
    return attempts.stream().filter(a -> a.runId().equals(runId)).collect(Collectors.toList());
  }

  @Override
  public List<CheckRecord> checks(String runId) {
    return checks.stream().filter(c -> c.runId().equals(runId)).collect(Collectors.toList());
  }

  @Override
  public List<MetricPoint> metrics(String table) {
    return metrics.stream().filter(m -> m.table().equals(table))
        .sorted(Comparator.comparing(MetricPoint::observedAt)).collect(Collectors.toList());
  }

  @Override
  public Map<String, Long> medianDurations(String project, int runs) {
    return Map.of();
  }

  @Override
  public List<Double> values(String table, String column, String metric, int limit) {
    List<Double> all = metrics(table).stream().filter(m -> m.column().equals(column) && m.metric().equals(metric))
        .map(MetricPoint::value).collect(Collectors.toList());
    return all.subList(Math.max(0, all.size() - limit), all.size());
  }

  @Override
  public void close() {}
}
