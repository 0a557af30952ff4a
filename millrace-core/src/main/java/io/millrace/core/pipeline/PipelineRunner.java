package io.millrace.core.pipeline;

import io.millrace.api.project.ProjectSpec;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.Engine;
import io.millrace.api.spi.QualityChecker;
import io.millrace.api.spi.RunStore;
import io.millrace.api.spi.Warehouse;
import io.millrace.core.exec.DagExecutor;
import io.millrace.core.exec.DagResult;
import io.millrace.core.pipeline.internal.Errors;
import io.millrace.core.pipeline.internal.NodeWork;
import io.millrace.core.pipeline.internal.Resume;
import io.millrace.core.pipeline.internal.RunContext;
import io.millrace.core.pipeline.internal.RunRecorder;
import io.millrace.core.pipeline.internal.RunVars;
import io.millrace.core.pipeline.internal.StreamInputs;
import io.millrace.core.pipeline.internal.Summaries;
import io.millrace.core.pipeline.internal.Tasks;
import io.millrace.core.plan.Plan;
import io.millrace.core.schedule.Interval;
import io.millrace.core.store.RunIds;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.Set;

/**
 * Runs a bound {@link Plan}: every node through the engine, warehouse, quality and run-store SPIs,
 * in parallel on {@code pipeline.threads} threads, with the nodes' retry policies.
 *
 * <p>Per node: a SOURCE is loaded (rejected lines appended to {@code <name>__rejects}), checked and
 * committed as a table; a TABLE model is staged to Parquet, checked, and committed (OVERWRITE); an
 * INCREMENTAL model is appended (tagged with the data interval, so re-running an interval replaces
 * its rows) or, with {@code unique_key}, merged copy-on-write; a VIEW is defined in the engine when
 * first read (by a table model, an export or its own checks); an EXPORT copies its committed table
 * out. A failing ERROR check fails the node and commits nothing; rows failing QUARANTINE checks go
 * to {@code <table>__quarantine}. A STREAM node makes the latest committed snapshot of a stream job's
 * table readable by its downstream. A failed or cancelled node never leaves partial output visible.
 * Every attempt, check result and metric is saved in the run store.
 *
 * <p>Thread-safety: one run at a time per runner; {@link #cancel()} from any thread (e.g. a shutdown
 * hook) cancels the current run and every later one.
 */
public final class PipelineRunner {
  private final Engine engine;
  private final Warehouse warehouse;
  private final QualityChecker checker;
  private final RunStore store;
  private final List<Function<Plan, PipelineListener>> listeners = new CopyOnWriteArrayList<>();
  private volatile DagExecutor current;
  private volatile io.millrace.api.spi.MlTasks mlTasks;
  private volatile boolean cancelled;

  /**
   * @param checker validates tables; null runs no checks
   */
  public PipelineRunner(Engine engine, Warehouse warehouse, QualityChecker checker, RunStore store) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.checker = checker;
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Adds a listener made for each run from its plan (lineage events, metrics), called after the run
   * store's and the caller's own. Returns this runner.
   */
  public PipelineRunner listen(Function<Plan, PipelineListener> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /** Gives the trainer that runs {@link io.millrace.core.plan.NodeKind#TRAIN} nodes. Returns this runner. */
  public PipelineRunner withMlTasks(io.millrace.api.spi.MlTasks ml) {
    this.mlTasks = ml;
    return this;
  }

  /** Runs without progress events. */
  public RunSummary run(Plan plan, RunOptions options) {
    return run(plan, options, PipelineListener.NONE);
  }

  /**
   * Runs the plan to completion (or cancellation) and returns its summary; node failures are in
   * the summary, not thrown.
   *
   * @throws io.millrace.api.MillraceException USER before any data moves when a model uses an
   *     undefined variable, a suite cannot be bound, the run to resume does not exist, or a stream
   *     job has not written a table the plan reads; EXTERNAL
   *     when the run store fails
   */
  public RunSummary run(Plan plan, RunOptions options, PipelineListener progress) {
    PipelineListener listener = new RunStoreListener(store).andThen(progress);
    for (Function<Plan, PipelineListener> l : listeners) {
      listener = listener.andThen(l.apply(plan));
    }
    Instant started = Instant.now();
    String runId = RunIds.next(started);
    ProjectSpec project = plan.project();
    RunRecord previous = options.resumeFrom() == null ? null
        : Resume.previous(store, project.name(), options.resumeFrom(), RunOptions.LAST_RUN);
    Interval interval = options.interval();
    if (interval == null && previous != null && previous.intervalStart() != null) {
      interval = new Interval(RunVars.parse(previous.intervalStart()), RunVars.parse(previous.intervalEnd()));
    }
    RunContext run = new RunContext(runId, plan, engine, warehouse, checker, store,
        RunVars.of(project.vars(), options.vars(), interval, runId, started),
        interval == null ? null : RunVars.tag(interval));
    Set<String> skip = previous == null ? Set.of() : Resume.skipSet(plan, store.attempts(previous.runId()), warehouse,
        previous.intervalStart() != null);
    StreamInputs.requireWritten(plan, warehouse, skip);
    run.useMlTasks(mlTasks, skip);
    RunRecord record = new RunRecord(runId, project.name(), options.trigger(),
        interval == null ? null : RunVars.iso(interval.start()), interval == null ? null : RunVars.iso(interval.end()),
        RunState.RUNNING, started, null, 0, 0, 0, 0, null);
    listener.onRunStart(record);
    try {
      Tasks.registerSkipped(run, skip);
      DagExecutor executor = new DagExecutor(project.pipeline().threads());
      current = executor;
      if (cancelled) {
        executor.cancel();
      }
      DagResult<NodeWork> result = executor.run(Tasks.of(run), skip, new RunRecorder(run, listener));
      RunSummary summary = Summaries.build(run, record, result, Instant.now());
      run.flushWrites();
      store.saveMetrics(Summaries.points(summary));
      listener.onRunEnd(summary.run());
      return summary;
    } catch (RuntimeException e) {
      flushQuietly(run, e);
      RunRecord failed = new RunRecord(runId, project.name(), record.trigger(), record.intervalStart(),
          record.intervalEnd(), RunState.FAILED, started, Instant.now(), 0, 0, 0, 0, Errors.describe(e));
      listener.onRunEnd(failed);
      throw e;
    } finally {
      current = null;
      run.dropLoadedSources();
      run.deleteScratchFiles();
    }
  }

  /** Saves what the failed run recorded; a store failure then is added to the run's error. */
  private static void flushQuietly(RunContext run, RuntimeException failure) {
    try {
      run.flushWrites();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Runs one data interval (schedules and backfills): TABLE models are overwritten and INCREMENTAL
   * ones replace that interval's rows, so running the same interval twice leaves the same contents.
   */
  public RunSummary runInterval(Plan plan, Interval interval, String trigger, PipelineListener listener) {
    return run(plan, RunOptions.manual().withTrigger(trigger).withInterval(interval), listener);
  }

  /** {@link #runInterval(Plan, Interval, String, PipelineListener)} with trigger {@code schedule}, no listener. */
  public RunSummary runInterval(Plan plan, Interval interval) {
    return runInterval(plan, interval, "schedule", PipelineListener.NONE);
  }

  /** Cancels the running run (its summary then has state CANCELLED) and refuses to start new work. */
  public void cancel() {
    cancelled = true;
    DagExecutor e = current;
    if (e != null) {
      e.cancel();
    }
  }
}
