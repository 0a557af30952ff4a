package io.millrace.core.pipeline;

import io.millrace.api.ErrorKind;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.Reject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a pipeline run.
 *
 * @param run the run record as saved at the end
 * @param nodes every node, in plan order
 * @param rejects the first rejected lines of each source that had any
 * @param checks every suite result recorded in the run
 * @param metrics wall time, throughput, latencies, cost efficiency
 * @param phaseMillis milliseconds per phase (source reads, engine writes, checks, iceberg commits,
 *     exports), summed over worker threads
 */
public record RunSummary(RunRecord run, List<NodeResult> nodes, Map<String, List<Reject>> rejects,
                         List<CheckRecord> checks, PipelineMetrics metrics,
                         Map<String, Long> phaseMillis) {
  public RunSummary {
    nodes = List.copyOf(nodes);
    rejects = Collections.unmodifiableMap(new LinkedHashMap<>(rejects));
    checks = List.copyOf(checks);
    phaseMillis = Collections.unmodifiableMap(new LinkedHashMap<>(phaseMillis));
  }

  /** True when every node succeeded or was skipped. */
  public boolean succeeded() {
    return run.state() == RunState.SUCCESS;
  }

  /** 0 on success, {@link ErrorKind#RUN_FAILED_EXIT} when a node failed or the run was cancelled. */
  public int exitCode() {
    return succeeded() ? 0 : ErrorKind.RUN_FAILED_EXIT;
  }

  public NodeResult node(String name) {
    return nodes.stream().filter(n -> n.node().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Cannot find node '" + name + "' in run " + run.runId()));
  }
}
