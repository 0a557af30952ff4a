package io.millrace.cli;

import io.millrace.api.MillraceException;
import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.cli.internal.WarehouseViews;
import io.millrace.core.project.PredictorLoader;
import io.millrace.features.predict.BatchPredictions;
import io.millrace.features.predict.ModelStore;
import io.millrace.features.predict.PredictResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "predict", description = {
    "Score entity rows with a trained predictor: its features joined point-in-time to each row (no value from "
        + "after the row's timestamp), then the model and the predictor's rules.",
    "Output: the input columns in input order, then score, label (classification), and decision and reasons "
        + "(when the predictor declares rules or decisions)."})
final class PredictCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Option(names = "--predictor", required = true, paramLabel = "NAME", description = "The predictor.")
  String predictor;

  @Option(names = "--entities", required = true, paramLabel = "FILE_OR_TABLE",
      description = "Entity rows: a .csv, .parquet or .jsonl file, or a warehouse table, with the entity key column(s) "
          + "and the timestamp column the predictor was trained with.")
  String entities;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file, .csv or .parquet.")
  Path out;

  @Option(names = "--version", paramLabel = "V", description = "Model version (default: the latest).")
  String version;

  @Override
  public Integer call() {
    Path file = entityFile();
    try (ProjectContext ctx = ProjectContext.open(project.project, project.overrides())) {
      if (file != null) {
        ctx.allow(file);
      }
      ctx.allow(out.toAbsolutePath());
      PredictorSpec spec = PredictorLoader.load(ctx.spec()).get(predictor);
      try (EngineSession session = ctx.engine().session()) {
        WarehouseViews.register(session, ctx.warehouse(), null);
        long t0 = System.nanoTime();
        PredictResult r = BatchPredictions.run(ctx.spec(), spec, session, ctx.warehouse(), ModelStore.of(ctx.spec()),
            version, file, file == null ? entities : null, out.toAbsolutePath());
        System.out.printf(Locale.ROOT, "scored %d rows with %s %s in %.1f s: %s%n", r.rows(), r.predictor(), r.version(),
            (System.nanoTime() - t0) / 1e9, r.out());
        return 0;
      }
    }
  }

  private Path entityFile() {
    Path p = Path.of(entities).toAbsolutePath();
    String name = entities.toLowerCase(Locale.ROOT);
    if (Files.isRegularFile(p)) {
      return p;
    }
    if (name.endsWith(".csv") || name.endsWith(".parquet") || name.endsWith(".jsonl") || entities.contains("/")) {
      throw MillraceException.user("Cannot read entity rows from %s: no such file", p);
    }
    return null;
  }
}
