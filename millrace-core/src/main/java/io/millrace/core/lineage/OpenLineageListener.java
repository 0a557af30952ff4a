package io.millrace.core.lineage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.NodeState;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.RunStore;
import io.millrace.core.lineage.internal.EventSink;
import io.millrace.core.lineage.internal.FileSink;
import io.millrace.core.lineage.internal.HttpSink;
import io.millrace.core.pipeline.NodeEvent;
import io.millrace.core.pipeline.PipelineListener;
import io.millrace.core.plan.Plan;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Emits OpenLineage events for the runs of one plan: the run's START when it starts, each node's
 * START at its first attempt and COMPLETE / FAIL / ABORT when it ends (nodes that never started emit
 * nothing), and the run's COMPLETE / FAIL / ABORT with the data quality assertions of its checks.
 * Events go where {@link LineageConfig} says. A failure to deliver never fails the run (HTTP events
 * are spooled; a file that cannot be written is logged).
 */
public final class OpenLineageListener implements PipelineListener {
  private static final System.Logger LOG = System.getLogger(OpenLineageListener.class.getName());
  private final OpenLineageEvents events;
  private final EventSink sink;
  private final RunStore store;
  private final Map<String, Integer> started = new HashMap<>();
  private RunRecord run;

  OpenLineageListener(Plan plan, LineageConfig config, EventSink sink, RunStore store) {
    this.events = new OpenLineageEvents(plan, config);
    this.sink = sink;
    this.store = store;
  }

  /**
   * The listener a project's runs use: per its {@code lineage:} settings, or {@link PipelineListener#NONE}
   * when they say {@code transport: none}.
   *
   * @param store where the run's check results are read at its end; null leaves assertions out
   */
  public static PipelineListener of(Plan plan, RunStore store) {
    LineageConfig config = LineageConfig.of(plan.project());
    Path dir = plan.project().stateDir().resolve("lineage");
    prune(plan.project(), dir);
    return switch (config.transport()) {
      case NONE -> PipelineListener.NONE;
      case FILE -> new OpenLineageListener(plan, config, new FileSink(dir.resolve("events.jsonl")), store);
      case HTTP -> new OpenLineageListener(plan, config, new HttpSink(config.url(), config.timeout(),
          dir.resolve("spool.jsonl")), store);
    };
  }

  /**
   * The listener of one stream job's runs ({@code millrace stream}): the run's START and its
   * COMPLETE / FAIL / ABORT, with the job's topic and tables; nothing per event.
   */
  public static PipelineListener forStream(io.millrace.api.project.ProjectSpec project,
                                           io.millrace.api.stream.StreamJobSpec job) {
    LineageConfig config = LineageConfig.of(project);
    Path dir = project.stateDir().resolve("lineage");
    prune(project, dir);
    EventSink sink = switch (config.transport()) {
      case NONE -> null;
      case FILE -> new FileSink(dir.resolve("events.jsonl"));
      case HTTP -> new HttpSink(config.url(), config.timeout(), dir.resolve("spool.jsonl"));
    };
    if (sink == null) {
      return PipelineListener.NONE;
    }
    OpenLineageEvents events = new OpenLineageEvents(project, config);
    return new PipelineListener() {
      @Override
      public void onNode(NodeEvent event) { }

      @Override
      public void onRunStart(RunRecord r) {
        send(sink, () -> events.streamEvent("START", r, job, r.startedAt()));
      }

      @Override
      public void onRunEnd(RunRecord r) {
        String type = r.state() == RunState.SUCCESS ? "COMPLETE" : r.state() == RunState.CANCELLED ? "ABORT" : "FAIL";
        send(sink, () -> events.streamEvent(type, r, job, r.endedAt() == null ? Instant.now() : r.endedAt()));
        sink.flush();
      }
    };
  }

  /**
   * Drops events past {@code log_retention} from the event files, before this run's sink opens them
   * (so no sink of this process writes them meanwhile). Never fails the run.
   */
  static void prune(io.millrace.api.project.ProjectSpec project, Path dir) {
    Instant cutoff = Instant.now().minus(io.millrace.core.logs.LogRetention.of(project).keepAge());
    for (String name : List.of("events.jsonl", "spool.jsonl")) {
      try {
        io.millrace.core.lineage.internal.EventFiles.prune(dir.resolve(name), cutoff);
      } catch (java.io.IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "Cannot prune old lineage events in " + dir.resolve(name) + ": "
            + e.getMessage());
      }
    }
  }

  private static void send(EventSink sink, java.util.function.Supplier<ObjectNode> event) {
    try {
      sink.send(List.of(event.get().toString()));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Cannot emit a lineage event: " + e.getMessage());
    }
  }

  @Override
  public void onRunStart(RunRecord r) {
    run = r;
    started.clear();
    emit(() -> events.runEvent("START", r, r.startedAt(), null));
  }

  @Override
  public void onNode(NodeEvent e) {
    if (run == null) {
      return;
    }
    if (e.state() == NodeState.RUNNING && !started.containsKey(e.node())) {
      started.put(e.node(), e.attempt());
      RunRecord current = run;
      emit(() -> events.nodeEvent("START", current, e.node(), Instant.now(), e.attempt(), 0, null));
    } else if (e.state().terminal() && started.containsKey(e.node())) {
      String type = switch (e.state()) {
        case SUCCESS -> "COMPLETE";
        case FAILED -> "FAIL";
        default -> "ABORT";
      };
      RunRecord current = run;
      emit(() -> events.nodeEvent(type, current, e.node(), Instant.now(), e.attempt(), e.rowsOut(), e.error()));
    }
  }

  @Override
  public void onRunEnd(RunRecord r) {
    String type = r.state() == RunState.SUCCESS ? "COMPLETE" : r.state() == RunState.CANCELLED ? "ABORT" : "FAIL";
    List<CheckRecord> checks = List.of();
    try {
      checks = store == null ? List.of() : store.checks(r.runId());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Cannot read the checks of run " + r.runId() + " for lineage: " + e.getMessage());
    }
    List<CheckRecord> found = checks;
    emit(() -> events.runEvent(type, r, r.endedAt() == null ? Instant.now() : r.endedAt(), found));
    sink.flush();
    run = null;
  }

  /** Builds and sends one event; nothing here may fail the run. */
  private void emit(java.util.function.Supplier<ObjectNode> event) {
    send(sink, event);
  }
}
