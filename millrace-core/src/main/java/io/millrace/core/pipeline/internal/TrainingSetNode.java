package io.millrace.core.pipeline.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.features.TrainingSetNodeSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.MlTasks;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.PlanNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One attempt of a {@link NodeKind#TRAINING_SET} node: builds the training set point-in-time through the runner's
 * {@link MlTasks} into a scratch Parquet file (under the project's state folder), then commits it as the table of
 * the node's name, replacing the previous snapshot (as a table model does; checks and lineage as for any table).
 */
final class TrainingSetNode {
  private TrainingSetNode() {}

  static NodeWork run(RunContext run, PlanNode node, EngineSession session, TableWriter writer) {
    MlTasks ml = run.mlTasks();
    TrainNode.requireTrainer(run.plan, ml, Set.of());
    TrainingSetNodeSpec spec = run.plan.project().features().trainingSets().get(node.name());
    run.defineViews(node.upstream(), session);
    Path dir = run.plan.project().stateDir().resolve("tmp");
    Path out = null;
    try {
      Files.createDirectories(dir);
      out = Files.createTempFile(dir, "training-set-" + node.name() + "-", ".parquet");
      Files.delete(out);   // the builder writes it
      long rows = ml.trainingSet(run.plan.project(), spec.spec(), session, run.warehouse, out);
      String sql = "SELECT * FROM " + Sql.readParquet(out);
      TableSchema schema = session.describe(sql);
      NodeWork w = writer.write(node, sql, schema, TableWriter.Mode.OVERWRITE, List.of());
      return new NodeWork(rows, w.rowsOut(), 0, w.quarantined(), w.snapshotId(), List.of());
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot build training set '%s' (%s) under %s: %s", node.name(),
          spec.location(), dir, e.getMessage());
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a leftover scratch file under .millrace/tmp is harmless
        }
      }
    }
  }
}
