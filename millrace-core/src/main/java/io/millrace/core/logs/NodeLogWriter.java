package io.millrace.core.logs;

import io.millrace.api.Secrets;
import io.millrace.api.run.NodeState;
import io.millrace.api.run.RunRecord;
import io.millrace.core.pipeline.NodeEvent;
import io.millrace.core.pipeline.PipelineListener;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.PlanNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes each node attempt's start and end into the run's shared log ({@link NodeLogs#runFile}) from
 * the run's node events: the start with what the node does (a model's SQL as written, a source's
 * file, an export's target table), the end with state, duration and rows (read, written, rejected,
 * quarantined), and a failure's full error text (DuckDB's message names the SQL line and position).
 * Every message goes through {@link Secrets#mask}. A log that cannot be written never fails the run.
 * The file is opened at the first event of a run and kept open (in append mode) until it ends; each
 * event is one write, so the log is current while the run lasts.
 */
public final class NodeLogWriter implements PipelineListener {
  private static final System.Logger LOG = System.getLogger(NodeLogWriter.class.getName());
  private final Plan plan;
  private final Path stateDir;
  private final Map<String, PlanNode> nodes = new HashMap<>();
  private String runId;
  private OutputStream out;
  private boolean broken;

  public NodeLogWriter(Plan plan) {
    this.plan = plan;
    this.stateDir = plan.project().stateDir();
    plan.nodes().forEach(n -> nodes.put(n.name(), n));
  }

  @Override
  public synchronized void onRunStart(RunRecord run) {
    close();
    runId = run.runId();
    broken = false;
    LogRetention.of(plan.project()).pruneNodeLogs(stateDir, runId, Instant.now());   // log_retention
  }

  @Override
  public synchronized void onRunEnd(RunRecord run) {
    close();
    runId = null;
  }

  @Override
  public synchronized void onNode(NodeEvent e) {
    if (runId == null || e.attempt() < 1) {
      return;
    }
    StringBuilder b = new StringBuilder();
    String head = NodeLogs.safe(e.node()) + "." + e.attempt() + " ";
    if (e.state() == NodeState.RUNNING) {
      line(b, head, "INFO", "attempt " + e.attempt() + " of " + e.node() + " started");
      describe(b, head, e.node());
    } else if (e.state() == NodeState.UP_FOR_RETRY) {
      line(b, head, "WARN", "attempt " + e.attempt() + " failed after " + e.elapsedMillis() + " ms; will retry: " + e.error());
    } else if (e.state() == NodeState.SUCCESS) {
      line(b, head, "INFO", String.format(Locale.ROOT, "succeeded in %d ms: rows read %d, written %d, rejected %d, quarantined %d",
          e.elapsedMillis(), e.rowsIn(), e.rowsOut(), e.rejected(), e.quarantined()));
    } else if (e.state().terminal()) {
      line(b, head, e.state() == NodeState.FAILED ? "ERROR" : "WARN", e.state().name().toLowerCase(Locale.ROOT)
          + " after " + e.elapsedMillis() + " ms" + (e.error() == null ? "" : ": " + e.error()));
    } else {
      return;
    }
    write(b.toString());
  }

  private void describe(StringBuilder b, String head, String node) {
    PlanNode n = nodes.get(node);
    if (n == null) {
      return;
    }
    switch (n.kind()) {
      case MODEL -> line(b, head, "INFO", "model " + n.model().file().getFileName() + " ("
          + n.model().materialized().name().toLowerCase(Locale.ROOT) + "), reading " + String.join(", ", n.upstream())
          + "; statement:\n" + n.model().sql().strip());
      case SOURCE -> line(b, head, "INFO", "source " + n.source().format().name().toLowerCase(Locale.ROOT)
          + (n.source().path() == null ? "" : " " + n.source().path()));
      case EXPORT -> line(b, head, "INFO", "export of table " + n.export().table() + " as "
          + n.export().format().name().toLowerCase(Locale.ROOT));
      case TRAINING_SET -> line(b, head, "INFO", "point-in-time training set over " + String.join(", ", n.upstream()));
      case TRAIN -> line(b, head, "INFO", "training of predictor " + n.name().substring("train:".length())
          + " after " + String.join(", ", n.upstream()));
      default -> line(b, head, "INFO", "stream table (latest committed snapshot)");
    }
  }

  private static void line(StringBuilder b, String head, String level, String message) {
    String masked = Secrets.mask(message == null ? "" : message);
    b.append(Instant.now()).append(' ').append(level).append(' ').append(head)
        .append(masked.replace("\r", "").replace("\n", "\n  ")).append('\n');
  }

  private void write(String text) {
    if (broken) {
      return;
    }
    Path f = NodeLogs.runFile(stateDir, runId);
    try {
      if (out == null) {
        Files.createDirectories(f.getParent());
        out = Files.newOutputStream(f, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
      out.write(text.getBytes(StandardCharsets.UTF_8));   // one write per event: whole entries
    } catch (IOException ex) {
      broken = true;
      LOG.log(System.Logger.Level.WARNING, "Cannot write node log " + f + ": " + ex.getMessage());
    }
  }

  private void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException ex) {
        LOG.log(System.Logger.Level.WARNING, "Cannot close node log of run " + runId + ": " + ex.getMessage());
      }
      out = null;
    }
  }
}
