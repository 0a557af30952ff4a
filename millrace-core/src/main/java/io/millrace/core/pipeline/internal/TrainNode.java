package io.millrace.core.pipeline.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.run.MetricPoint;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.MlTasks;
import io.millrace.core.exec.AttemptContext;
import io.millrace.core.logs.NodeLogs;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.PlanNode;
import io.millrace.core.project.PredictorLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One attempt of a {@link NodeKind#TRAIN} node: trains a new version of its predictor through the runner's
 * {@link MlTasks} (as {@code millrace train} does), appends the metrics to the node's log and records the numeric
 * ones as run metrics ({@code table} = the node). The attempt's rows are the labelled training-set rows; its
 * snapshot id is the version number.
 */
final class TrainNode {
  private TrainNode() {}

  /** Refuses, before any data moves, a plan with train nodes to run when no trainer was given. */
  static void requireTrainer(Plan plan, MlTasks ml, Set<String> skip) {
    if (ml != null) {
      return;
    }
    plan.nodes().stream().filter(n -> (n.kind() == NodeKind.TRAIN || n.kind() == NodeKind.TRAINING_SET)
        && !skip.contains(n.name())).findFirst()
        .ifPresent(n -> {
          throw MillraceException.user("Cannot run node '%s': this runner has no trainer (millrace-features); run "
              + "it with the millrace command, or remove %s", n.name(), n.kind() == NodeKind.TRAIN
              ? "'retrain: true' from predictors/" + n.name().substring("train:".length()) + ".yaml"
              : "the training set from features/*.yaml");
        });
  }

  static NodeWork run(RunContext run, PlanNode node, EngineSession session, AttemptContext attempt) {
    MlTasks ml = run.mlTasks();
    requireTrainer(run.plan, ml, Set.of());
    PredictorSpec spec = PredictorLoader.load(run.plan.project()).get(node.name().substring("train:".length()));
    MlTasks.Trained t = ml.train(run.plan.project(), spec, session, run.warehouse);
    log(run, node, attempt, t);
    List<MetricPoint> points = new ArrayList<>();
    Instant now = Instant.now();
    t.metrics().forEach((k, v) -> {
      if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
        points.add(new MetricPoint(run.runId, node.name(), "", k, n.doubleValue(), now));
      }
    });
    if (t.kept() == null) {
      points.add(new MetricPoint(run.runId, node.name(), "", "training_rows", t.rows(), now));
      run.store.saveMetrics(points);
    }
    long version = t.version().matches("v\\d+") ? Long.parseLong(t.version().substring(1)) : 0L;
    return new NodeWork(t.rows(), t.rows(), 0, 0, version, List.of());
  }

  private static void log(RunContext run, PlanNode node, AttemptContext attempt, MlTasks.Trained t) {
    StringBuilder b = new StringBuilder();
    if (t.kept() != null) {
      b.append(Instant.now()).append(" INFO kept ").append(node.name().substring("train:".length())).append(' ')
          .append(t.version()).append(": ").append(t.kept()).append('\n');
    } else {
      b.append(Instant.now()).append(" INFO trained ").append(node.name().substring("train:".length())).append(' ')
          .append(t.version()).append(" on ").append(t.rows()).append(" rows: ").append(t.artifact()).append('\n');
      t.metrics().forEach((k, v) -> b.append("  ").append(k).append(" = ")
          .append(v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(v)).append('\n'));
    }
    Path f = NodeLogs.file(run.plan.project().stateDir(), run.runId, node.name(), attempt.attempt());
    try {
      Files.createDirectories(f.getParent());
      Files.writeString(f, b.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.getLogger(TrainNode.class.getName()).log(System.Logger.Level.WARNING,
          "Cannot write node log " + f + ": " + e.getMessage());
    }
  }
}
