package io.millrace.cli;

import io.millrace.api.features.OnlineStore;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.EngineSession;
import io.millrace.core.store.RunIds;
import io.millrace.cli.internal.Console;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.cli.internal.Times;
import io.millrace.features.online.MaterializeRequest;
import io.millrace.features.online.MaterializeResult;
import io.millrace.features.online.Materializer;
import io.millrace.features.online.OnlineStores;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "materialize", description = {
    "Write each entity's latest feature values to the online store (online_store in millrace.yaml: RocksDB under "
        + ".millrace/online by default, or Redis), for every feature view marked 'online: true' or the ones named.",
    "Per entity: the row with the greatest event timestamp <= --until (and >= --until - ttl when the view has a ttl); "
        + "equal event timestamps are decided by the greatest 'created', as in training sets.",
    "Incremental: only data files added to the source table since the last run (and rows after the last --until) are "
        + "read; --full reads everything again. RocksDB allows one writer at a time: a running `millrace stream` "
        + "with online features holds it; `millrace serve` reads beside any writer."})
final class MaterializeCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Option(names = "--views", split = ",", paramLabel = "VIEW",
      description = "Feature views to materialize (default: every view marked 'online: true').")
  List<String> views = List.of();

  @Option(names = "--until", paramLabel = "TIME",
      description = "Materialize the features as of this UTC time: 2025-01-31, 2025-01-31T12:00, 2025-01-31T12:00:00Z "
          + "(default: now).")
  String until;

  @Option(names = "--full", description = "Ignore what earlier runs wrote and read every row again.")
  boolean full;

  @Override
  public Integer call() {
    Instant at = until == null ? Instant.now() : Times.parse("--until", until).toInstant(ZoneOffset.UTC);
    long t0 = System.nanoTime();
    MaterializeRequest request = new MaterializeRequest(views, at, full);
    try (ProjectContext ctx = ProjectContext.open(project.project, project.overrides())) {
      Materializer.views(ctx.spec(), request);   // unknown or offline views refused before the store is opened
      return materialize(ctx, request, at, t0);
    }
  }

  private int materialize(ProjectContext ctx, MaterializeRequest request, Instant at, long t0) {
    try (OnlineStore store = OnlineStores.open(ctx.spec());
         EngineSession session = ctx.engine().session()) {
      Console.out(String.format("materializing %s as of %s into %s", ctx.spec().name(), at, ctx.spec().onlineStore()));
      // recorded in the run store as a run with trigger 'materialize' (`millrace runs` lists it)
      String runId = RunIds.next();
      Instant started = Instant.now();
      ctx.runStore().saveRun(new RunRecord(runId, ctx.spec().name(), "materialize", null, at.toString(), RunState.RUNNING,
          started, null, 0, 0, 0, 0, null));
      List<MaterializeResult> results;
      try {
        results = Materializer.run(ctx.spec(), session, ctx.warehouse(), store, request, Console::out);
      } catch (RuntimeException e) {
        ctx.runStore().saveRun(new RunRecord(runId, ctx.spec().name(), "materialize", null, at.toString(),
            RunState.FAILED, started, Instant.now(), 0, 0, 0, 0, e.getMessage()));
        throw e;
      }
      ctx.runStore().saveRun(new RunRecord(runId, ctx.spec().name(), "materialize", null, at.toString(),
          RunState.SUCCESS, started, Instant.now(), 0, results.stream().mapToLong(MaterializeResult::entities).sum(),
          0, 0, null));
      long total = 0;
      for (MaterializeResult r : results) {
        Console.out(String.format("  %-24s %-11s %,12d entities  from %s  %.1f s", r.view(), r.mode(), r.entities(),
            r.table(), r.took().toMillis() / 1000.0));
        total += r.entities();
      }
      Console.out(String.format("materialized %d view(s), %,d entities in %.1f s", results.size(), total,
          (System.nanoTime() - t0) / 1e9));
      return 0;
    }
  }
}
