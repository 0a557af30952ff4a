package io.millrace.core.pipeline.internal;

import io.millrace.api.run.MetricPoint;
import io.millrace.api.run.NodeState;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.Reject;
import io.millrace.core.exec.DagResult;
import io.millrace.core.exec.TaskOutcome;
import io.millrace.core.pipeline.NodeResult;
import io.millrace.core.pipeline.PipelineMetrics;
import io.millrace.core.pipeline.RunSummary;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.PlanNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns executor outcomes into the run's summary, final run record and metric points. */
public final class Summaries {
  private Summaries() {}

  public static RunSummary build(RunContext run, RunRecord started, DagResult<NodeWork> result, Instant ended) {
    List<NodeResult> nodes = new ArrayList<>();
    Map<String, List<Reject>> rejects = new LinkedHashMap<>();
    Map<String, Long> latency = new LinkedHashMap<>();
    long rowsIn = 0;
    long rowsOut = 0;
    long rejected = 0;
    long quarantined = 0;
    String firstError = null;
    for (PlanNode n : run.plan.nodes()) {
      TaskOutcome<NodeWork> o = result.outcome(n.name());
      NodeWork w = o.state() == NodeState.SUCCESS && o.result() != null ? o.result() : NodeWork.rows(0, 0, 0);
      long millis = o.startedAt() == null ? 0 : o.endedAt().toEpochMilli() - o.startedAt().toEpochMilli();
      String error = Errors.describe(o.error());
      nodes.add(new NodeResult(n.name(), n.kind(), o.state(), o.attempts(), w.rowsIn(), w.rowsOut(), w.rejected(),
          w.quarantined(), w.snapshotId(), millis, error));
      if (o.startedAt() != null) {
        latency.put(n.name(), millis);
      }
      if (!w.rejectSample().isEmpty()) {
        rejects.put(n.name(), w.rejectSample());
      }
      if (n.kind() == NodeKind.SOURCE) {
        rowsIn += w.rowsIn();
      }
      if (n.kind() != NodeKind.EXPORT && n.kind() != NodeKind.TRAIN) {
        rowsOut += w.rowsOut();
      }
      rejected += w.rejected();
      quarantined += w.quarantined();
      if (firstError == null && o.state() == NodeState.FAILED) {
        firstError = n.name() + ": " + error;
      }
    }
    RunState state = result.cancelled() ? RunState.CANCELLED
        : result.succeeded() ? RunState.SUCCESS : RunState.FAILED;
    if (state == RunState.CANCELLED && firstError == null) {
      firstError = "cancelled";
    }
    RunRecord record = new RunRecord(started.runId(), started.project(), started.trigger(), started.intervalStart(),
        started.intervalEnd(), state, started.startedAt(), ended, rowsIn, rowsOut, rejected, quarantined, firstError);
    long wall = ended.toEpochMilli() - started.startedAt().toEpochMilli();
    PipelineMetrics metrics = PipelineMetrics.of(wall, rowsIn, rowsOut, latency, run.plan.project().costPerHour());
    return new RunSummary(record, nodes, rejects, run.checks(), metrics, run.times.millis());
  }

  /** Pipeline metrics as points: table {@code __run} for the run, the node name for latencies. */
  public static List<MetricPoint> points(RunSummary s) {
    String id = s.run().runId();
    Instant at = s.run().endedAt();
    PipelineMetrics m = s.metrics();
    List<MetricPoint> points = new ArrayList<>();
    points.add(new MetricPoint(id, "__run", "", "wall_ms", m.wallMillis(), at));
    points.add(new MetricPoint(id, "__run", "", "rows_in", m.rowsIn(), at));
    points.add(new MetricPoint(id, "__run", "", "rows_out", m.rowsOut(), at));
    points.add(new MetricPoint(id, "__run", "", "records_per_second", m.recordsPerSecond(), at));
    if (m.recordsPerHourPerDollar() != null) {
      points.add(new MetricPoint(id, "__run", "", "records_per_hour_per_dollar", m.recordsPerHourPerDollar(), at));
    }
    m.nodeMillis().forEach((node, ms) -> points.add(new MetricPoint(id, node, "", "latency_ms", ms, at)));
    return points;
  }
}
