package io.millrace.core.logs;

import io.millrace.api.Secrets;
import io.millrace.api.run.NodeState;
import io.millrace.api.run.RunRecord;
import io.millrace.core.pipeline.NodeEvent;
import io.millrace.core.pipeline.PipelineListener;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.PlanNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;

/**
 * Writes each node attempt's log ({@link NodeLogs}) from the run's node events: the attempt's start
 * with what the node does (a model's SQL as written, a source's file, an export's target table), its
 * end with state, duration and rows (read, written, rejected, quarantined), and a failure's full
 * error text (DuckDB's message names the SQL line and position). Every message goes through
 * {@link Secrets#mask}. A log that cannot be written never fails the run.
 */
public final class NodeLogWriter implements PipelineListener {
  private static final System.Logger LOG = System.getLogger(NodeLogWriter.class.getName());
  private final Plan plan;
  private final Path stateDir;
  private String runId;

  public NodeLogWriter(Plan plan) {
    this.plan = plan;
    this.stateDir = plan.project().stateDir();
  }

  @Override
  public void onRunStart(RunRecord run) {
    runId = run.runId();
    LogRetention.of(plan.project()).pruneNodeLogs(stateDir, runId, Instant.now());   // log_retention
  }

  @Override
  public void onRunEnd(RunRecord run) {
    runId = null;
  }

  @Override
  public void onNode(NodeEvent e) {
    if (runId == null || e.attempt() < 1) {
      return;
    }
    StringBuilder b = new StringBuilder();
    if (e.state() == NodeState.RUNNING) {
      line(b, "INFO", "attempt " + e.attempt() + " of " + e.node() + " started");
      describe(b, e.node());
    } else if (e.state() == NodeState.UP_FOR_RETRY) {
      line(b, "WARN", "attempt " + e.attempt() + " failed after " + e.elapsedMillis() + " ms; will retry: " + e.error());
    } else if (e.state() == NodeState.SUCCESS) {
      line(b, "INFO", String.format(Locale.ROOT, "succeeded in %d ms: rows read %d, written %d, rejected %d, quarantined %d",
          e.elapsedMillis(), e.rowsIn(), e.rowsOut(), e.rejected(), e.quarantined()));
    } else if (e.state().terminal()) {
      line(b, e.state() == NodeState.FAILED ? "ERROR" : "WARN", e.state().name().toLowerCase(Locale.ROOT)
          + " after " + e.elapsedMillis() + " ms" + (e.error() == null ? "" : ": " + e.error()));
    } else {
      return;
    }
    write(e.node(), e.attempt(), b.toString());
  }

  private void describe(StringBuilder b, String node) {
    PlanNode n = plan.nodes().stream().filter(x -> x.name().equals(node)).findFirst().orElse(null);
    if (n == null) {
      return;
    }
    switch (n.kind()) {
      case MODEL -> line(b, "INFO", "model " + n.model().file().getFileName() + " ("
          + n.model().materialized().name().toLowerCase(Locale.ROOT) + "), reading " + String.join(", ", n.upstream())
          + "; statement:\n" + n.model().sql().strip());
      case SOURCE -> line(b, "INFO", "source " + n.source().format().name().toLowerCase(Locale.ROOT)
          + (n.source().path() == null ? "" : " " + n.source().path()));
      case EXPORT -> line(b, "INFO", "export of table " + n.export().table() + " as "
          + n.export().format().name().toLowerCase(Locale.ROOT));
      case TRAINING_SET -> line(b, "INFO", "point-in-time training set over " + String.join(", ", n.upstream()));
      case TRAIN -> line(b, "INFO", "training of predictor " + n.name().substring("train:".length())
          + " after " + String.join(", ", n.upstream()));
      default -> line(b, "INFO", "stream table (latest committed snapshot)");
    }
  }

  private static void line(StringBuilder b, String level, String message) {
    String masked = Secrets.mask(message == null ? "" : message);
    b.append(Instant.now()).append(' ').append(level).append(' ')
        .append(masked.replace("\r", "").replace("\n", "\n  ")).append('\n');
  }

  private void write(String node, int attempt, String text) {
    Path f = NodeLogs.file(stateDir, runId, node, attempt);
    try {
      Files.createDirectories(f.getParent());
      Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException ex) {
      LOG.log(System.Logger.Level.WARNING, "Cannot write node log " + f + ": " + ex.getMessage());
    }
  }
}
