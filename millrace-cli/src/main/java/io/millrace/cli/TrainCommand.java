package io.millrace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.MillraceException;
import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.cli.internal.Console;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.cli.internal.WarehouseViews;
import io.millrace.core.project.PredictorLoader;
import io.millrace.features.predict.ModelStore;
import io.millrace.features.predict.TrainResult;
import io.millrace.features.predict.Trainer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", description = {
    "Train a predictor (predictors/<name>.yaml): build its training set point-in-time from the warehouse tables at "
        + "their current snapshots, hold out the latest test_fraction of rows (by split.by), train (xgboost, "
        + "logistic_regression or linear_regression), evaluate on the held-out rows and store a new version under "
        + ".millrace/models/<name>/<version>/ (model, metrics.json, manifest.json with features, params and the "
        + "snapshot id of every table read).",
    "Classification metrics: auc, accuracy, log_loss, confusion_matrix; regression: rmse, mae, r2.",
    "--retrain V trains again from exactly what version V read (same snapshots, same entity rows, same params)."})
final class TrainCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Option(names = "--predictor", required = true, paramLabel = "NAME", description = "The predictor to train.")
  String predictor;

  @Option(names = "--retrain", paramLabel = "VERSION", description = "Retrain a stored version identically (e.g. v3).")
  String retrain;

  @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("table") && !format.equals("json")) {
      throw MillraceException.user("Cannot use --format %s: expected table or json", format);
    }
    try (ProjectContext ctx = ProjectContext.open(project.project, project.overrides())) {
      PredictorSpec spec = PredictorLoader.load(ctx.spec()).get(predictor);
      try (EngineSession session = ctx.engine().session()) {
        WarehouseViews.register(session, ctx.warehouse(), null);
        Console.err("millrace: training " + spec.name() + " (" + spec.algorithm().word() + ")"
            + (retrain == null ? "" : " from version " + retrain));
        TrainResult r = Trainer.train(ctx.spec(), spec, session, ctx.warehouse(), ModelStore.of(ctx.spec()), retrain);
        print(r);
        return 0;
      }
    }
  }

  private void print(TrainResult r) throws Exception {
    if (format.equals("json")) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("predictor", r.predictor());
      o.put("version", r.version());
      o.put("artifact", r.artifact().toString());
      o.put("metrics", r.metrics());
      o.put("train_rows", r.trainRows());
      o.put("test_rows", r.testRows());
      o.put("rows_without_label", r.rowsWithoutLabel());
      o.put("seconds", r.millis() / 1000.0);
      System.out.println(new ObjectMapper().writeValueAsString(o));
      return;
    }
    System.out.printf(Locale.ROOT, "trained %s %s in %.1f s: %d rows, %d held out%s%n", r.predictor(), r.version(),
        r.millis() / 1000.0, r.trainRows() + r.testRows(), r.testRows(),
        r.rowsWithoutLabel() == 0 ? "" : " (" + r.rowsWithoutLabel() + " rows without a label left out)");
    r.metrics().forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-17s %s%n", k,
        v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : v == null ? "n/a" : v));
    System.out.println("artifact: " + r.artifact());
  }
}
