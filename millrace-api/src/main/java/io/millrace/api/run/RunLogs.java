package io.millrace.api.run;

import java.util.List;

/**
 * The node attempt logs of a project's runs ({@code .millrace/logs/<run>/<node>.<attempt>.log}).
 * Implemented by millrace-core ({@code io.millrace.core.logs.NodeLogs}); read by {@code millrace
 * logs} and the web console. Thread-safe.
 */
public interface RunLogs {
  /** The nodes of a run that have a log, in the order their first attempt started. Unknown run: empty. */
  List<String> nodes(String runId);

  /** Every line of every attempt of {@code node} in {@code runId}, attempts in order; empty when none. */
  List<LogLine> read(String runId, String node);
}
