package io.millrace.cli.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.project.PipelineSpec;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.core.pipeline.PipelineListener;
import io.millrace.core.pipeline.PipelineRunner;
import io.millrace.core.pipeline.RunOptions;
import io.millrace.core.plan.Plan;
import io.millrace.core.schedule.Interval;
import io.millrace.core.schedule.Intervals;
import io.millrace.core.pipeline.NodeEvent;
import io.millrace.server.console.ConsoleActions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * Runs started from the server, in the server process, one at a time in the background. Each opens the
 * project afresh and takes its run lock in the request (so a run already going, here or in another
 * process, is refused at once with the lock's message), then runs on a worker thread as `millrace run`,
 * `backfill` and `run --resume` do.
 */
public final class ServerRuns implements ConsoleActions, AutoCloseable {
  private final ProjectContext served;
  private final Path project;
  private final Map<String, String> vars;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "millrace-console-run");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean running;
  private volatile PipelineRunner current;
  private volatile String currentRunId;
  private volatile boolean cancelled;

  /**
   * @param served the server's own context (reads: the run to resume, the schedule to backfill)
   * @param project the project folder, opened afresh for each run
   */
  public ServerRuns(ProjectContext served, Path project, Map<String, String> vars) {
    this.served = served;
    this.project = project;
    this.vars = Map.copyOf(vars);
  }

  @Override
  public String trigger() {
    return start("a run", (ctx, plan) -> run(ctx, plan, RunOptions.manual()));
  }

  @Override
  public String backfill(String from, String to) {
    PipelineSpec pipeline = served.spec().pipeline();
    if (pipeline.schedule() == null) {
      throw MillraceException.user("Cannot backfill project '%s': millrace.yaml has no pipeline.schedule",
          served.spec().name());
    }
    List<Interval> intervals = Intervals.backfill(pipeline.schedule(), Times.parse("from", from), Times.parse("to", to));
    return start("a backfill of " + intervals.size() + " interval(s) from " + from + " to " + to, (ctx, plan) -> {
      for (Interval interval : intervals) {
        if (cancelled) {
          break;
        }
        run(ctx, plan, RunOptions.manual().withTrigger("backfill").withInterval(interval));
      }
    });
  }

  @Override
  public String resume(String runId) {
    RunRecord r = served.runStore().run(runId).orElseThrow(() -> MillraceException.user(
        "Cannot resume run '%s': no such run in this project", runId));
    if (r.state() != RunState.FAILED && r.state() != RunState.CANCELLED) {
      throw MillraceException.user("Cannot resume run '%s': it is %s (only failed or cancelled runs resume)", runId,
          r.state().name().toLowerCase(java.util.Locale.ROOT));
    }
    return start("resuming run " + runId, (ctx, plan) ->
        run(ctx, plan, RunOptions.manual().withResume(runId).withTrigger("resume")));
  }

  @Override
  public synchronized String cancel(String runId) {
    PipelineRunner runner = current;
    if (runner == null || !runId.equals(currentRunId)) {
      throw MillraceException.user("Cannot cancel run '%s': this server is not running it%s", runId,
          currentRunId == null ? "" : " (it is running " + currentRunId + ")");
    }
    cancelled = true;
    runner.cancel();
    return "cancelling run " + runId + "; committed tables stay at their last complete snapshot";
  }

  /** Whether a run started here is still going (tests and shutdown wait on it). */
  public boolean busy() {
    return running;
  }

  private void run(ProjectContext ctx, Plan plan, RunOptions options) {
    PipelineRunner runner = Pipelines.runner(ctx);
    current = runner;
    if (cancelled) {
      return;
    }
    try {
      runner.run(plan, options, Operations.hooks(ctx, new PipelineListener() {   // alerts after the run, as `run` does
        @Override
        public void onNode(NodeEvent event) {}

        @Override
        public void onRunStart(RunRecord run) {
          currentRunId = run.runId();
          if (cancelled) {
            runner.cancel();
          }
        }
      }));
    } finally {
      currentRunId = null;
    }
  }

  /**
   * Opens the project and takes the lock here (refusals reach the caller), validates what {@code work}
   * checks before running, then runs it on the worker thread.
   */
  private synchronized String start(String what, BiConsumer<ProjectContext, Plan> work) {
    if (running) {
      throw new MillraceException(io.millrace.api.ErrorKind.EXTERNAL, String.format(
          "Cannot start %s: this server is running %s; wait for it to finish or cancel it", what,
          currentRunId == null ? "another run" : "run " + currentRunId));
    }
    ProjectContext ctx = ProjectContext.open(project, vars).lockForRun().openWarehouseInBackground();
    Plan plan;
    try {
      plan = Pipelines.plan(ctx);
    } catch (RuntimeException e) {
      ctx.close();
      throw e;
    }
    cancelled = false;
    running = true;
    worker.submit(() -> {
      try {
        work.accept(ctx, plan);
      } catch (RuntimeException e) {
        Console.err("millrace: " + what + " failed: " + e.getMessage());
      } finally {
        current = null;
        ctx.close();
        running = false;
      }
    });
    return "started " + what + " in the background";
  }

  @Override
  public void close() {
    PipelineRunner r = current;
    if (r != null) {
      r.cancel();
    }
    worker.shutdown();
    try {
      worker.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
