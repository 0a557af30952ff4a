package io.millrace.cli.internal;

import io.millrace.core.pipeline.PipelineRunner;
import io.millrace.core.pipeline.RunSummary;
import io.millrace.core.plan.Binder;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.SuiteBinding;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Binds a project into a plan and runs it with Ctrl-C handling. */
public final class Pipelines {
  /** Past runs whose median node durations weight the critical path. */
  private static final int HISTORY_RUNS = 20;

  private Pipelines() {}

  /** Binds the project and every attached suite: all errors in the user's files surface here. */
  public static Plan plan(ProjectContext ctx) {
    // the run store (SQLite: a native library to load) opens while the project is bound
    CompletableFuture<Map<String, Long>> weights = CompletableFuture.supplyAsync(
        () -> ctx.runStore().medianDurations(ctx.spec().name(), HISTORY_RUNS));
    try {
      Plan plan = Binder.bindCached(ctx.spec(), ctx::engine, () -> join(weights), false);
      return SuiteBinding.bind(plan, ctx.checker());   // the run reuses the bound suites
    } finally {
      weights.exceptionally(e -> null).join();   // never leave it opening while the context closes
    }
  }

  private static Map<String, Long> join(CompletableFuture<Map<String, Long>> weights) {
    try {
      return weights.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
  }

  public static PipelineRunner runner(ProjectContext ctx) {
    return new PipelineRunner(ctx.engine(), ctx.warehouse(), ctx.checker(), ctx.runStore())
        .withMlTasks(new io.millrace.features.predict.PipelineTraining())
        .listen(plan -> io.millrace.core.lineage.OpenLineageListener.of(plan, ctx.runStore()))
        .listen(io.millrace.core.logs.NodeLogWriter::new);
  }

  /**
   * Runs {@code work} with a shutdown hook that cancels the runner on Ctrl-C and waits (up to 30 s)
   * for the run to record its cancelled state, so a killed run never leaves half-written tables.
   */
  public static RunSummary withCancellation(PipelineRunner runner, Function<PipelineRunner, RunSummary> work) {
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      Console.err("millrace: cancelling (Ctrl-C); committed tables stay at their last complete snapshot...");
      runner.cancel();
      try {
        done.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "millrace-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return work.apply(runner);
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting because of Ctrl-C: the hook is running and now returns
      }
    }
  }
}
