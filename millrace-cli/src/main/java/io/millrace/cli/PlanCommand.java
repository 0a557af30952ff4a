package io.millrace.cli;

import io.millrace.cli.internal.Pipelines;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.api.TableSchema;
import io.millrace.api.spi.EngineSession;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.PlanPrinter;
import io.millrace.features.FeaturePlanPrinter;
import io.millrace.features.FeatureViewCheck;
import io.millrace.api.predict.Predictors;
import io.millrace.core.project.PredictorLoader;
import io.millrace.features.predict.ModelStore;
import io.millrace.features.predict.PredictorCheck;
import io.millrace.features.predict.PredictorPlanPrinter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "plan", description =
    "Check a project without moving data (references, cycles, names, every model's SQL) and "
        + "print its DAG in topological levels with the critical path (weighted by median past "
        + "durations; before a first run, by costs estimated from input sizes), then the feature views (each checked: its table, columns or stream job must exist) and services, "
        + "then the predictors (features, entity table, label and rules checked).")
final class PlanCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @picocli.CommandLine.Option(names = "--lineage", description = "Also print every model's column lineage.")
  boolean lineage;

  @Override
  public Integer call() {
    try (ProjectContext ctx = ProjectContext.open(project.project, project.overrides())) {
      Plan plan = Pipelines.plan(ctx);
      checkFeatureViews(ctx, plan);
      Predictors predictors = PredictorLoader.load(ctx.spec());
      PredictorCheck.check(ctx.spec(), predictors, tables(plan));
      System.out.print(PlanPrinter.print(plan) + (lineage ? io.millrace.core.lineage.LineagePrinter.plan(plan) : ""));
      System.out.print(FeaturePlanPrinter.print(ctx.spec().features()));
      System.out.print(PredictorPlanPrinter.print(predictors, ModelStore.of(ctx.spec())));
      return 0;
    }
  }

  private static Map<String, TableSchema> tables(Plan plan) {
    Map<String, TableSchema> tables = new LinkedHashMap<>();
    plan.nodes().stream().filter(n -> n.kind() != NodeKind.EXPORT && n.schema() != null)
        .forEach(n -> tables.put(n.name(), n.schema()));
    return tables;
  }

  /** Feature views against the plan's tables; expression features are bound by the engine. */
  private static void checkFeatureViews(ProjectContext ctx, Plan plan) {
    if (ctx.spec().features().views().isEmpty()) {
      return;
    }
    Map<String, TableSchema> tables = tables(plan);
    boolean expressions = ctx.spec().features().views().values().stream()
        .anyMatch(v -> v.features().stream().anyMatch(f -> f.expression() != null));
    if (!expressions) {
      FeatureViewCheck.check(ctx.spec(), tables, null);
      return;
    }
    try (EngineSession session = ctx.engine().session()) {
      FeatureViewCheck.check(ctx.spec(), tables, session);
    }
  }
}
