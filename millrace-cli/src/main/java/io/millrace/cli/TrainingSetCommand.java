package io.millrace.cli;

import io.millrace.api.MillraceException;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.spi.EngineSession;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.cli.internal.WarehouseViews;
import io.millrace.features.TrainingSetRequest;
import io.millrace.features.TrainingSetResult;
import io.millrace.features.TrainingSets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "training-set", description = {
    "Build a point-in-time-correct training set: one row per entity row, in input order (duplicates kept), "
        + "the input columns followed by one column per feature.",
    "For an entity row at time t each feature view gives the row of that entity with the greatest event "
        + "timestamp <= t and, when the view has a ttl, >= t - ttl (both inclusive); equal event timestamps are "
        + "decided by the greatest 'created'; no such row gives NULL. Never a value from after t (Feast's semantics).",
    "Views read the project's warehouse tables (run the project first) or a stream job's <job>_features rows "
        + "of every snapshot the warehouse keeps (source: stream:<job>)."})
final class TrainingSetCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Option(names = "--entities", required = true, paramLabel = "FILE_OR_TABLE",
      description = "Entity rows: a .csv, .parquet or .jsonl file, or a warehouse table. They hold the entity key "
          + "column(s), the timestamp column and any other columns (labels), which pass through.")
  String entities;

  @Option(names = "--features", split = ",", paramLabel = "VIEW:FEATURE",
      description = "Features to join, e.g. user_stats:f1,user_stats:f2 (a view name alone means all its features).")
  List<String> features = List.of();

  @Option(names = "--service", paramLabel = "NAME", description = "A feature service instead of --features.")
  String service;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file, .parquet or .csv.")
  Path out;

  @Option(names = "--timestamp-column", defaultValue = TrainingSetRequest.DEFAULT_TIMESTAMP, paramLabel = "COLUMN",
      description = "The entity rows' timestamp column (default: ${DEFAULT-VALUE}).")
  String timestampColumn;

  @Option(names = "--full-feature-names", description = "Name feature columns <view>__<feature> (as Feast does); "
      + "without it they are named <feature> and a clash is refused.")
  boolean fullFeatureNames;

  @Override
  public Integer call() {
    Path file = entityFile();
    TrainingSetRequest request = new TrainingSetRequest(file, file == null ? entities : null,
        features.stream().map(FeatureRef::parse).toList(), service, out.toAbsolutePath(), timestampColumn,
        fullFeatureNames);
    try (ProjectContext ctx = ProjectContext.open(project.project, project.overrides())) {
      if (file != null) {
        ctx.allow(file);
      }
      ctx.allow(request.out());
      try (EngineSession session = ctx.engine().session()) {
        WarehouseViews.register(session, ctx.warehouse(), null);
        long t0 = System.nanoTime();
        TrainingSetResult r = TrainingSets.build(ctx.spec(), session, ctx.warehouse(), request);
        System.out.printf("wrote %d rows x %d columns to %s in %.1f s (columns: %s)%n", r.rows(), r.columns().size(),
            r.out(), (System.nanoTime() - t0) / 1e9, String.join(", ", r.columns()));
        return 0;
      }
    }
  }

  /** A path that exists, or looks like one (has a data file extension); otherwise a table name. */
  private Path entityFile() {
    Path p = Path.of(entities).toAbsolutePath();
    String name = entities.toLowerCase(Locale.ROOT);
    boolean looksLikeFile = name.endsWith(".csv") || name.endsWith(".parquet") || name.endsWith(".jsonl")
        || name.endsWith(".ndjson") || entities.contains("/");
    if (Files.isRegularFile(p)) {
      return p;
    }
    if (looksLikeFile) {
      throw MillraceException.user("Cannot read entity rows from %s: no such file", p);
    }
    return null;
  }
}
