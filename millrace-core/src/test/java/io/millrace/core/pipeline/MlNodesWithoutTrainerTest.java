package io.millrace.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.PlanNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runner given no {@link io.millrace.api.spi.MlTasks} refuses train and training-set nodes before any data moves. */
class MlNodesWithoutTrainerTest {
  @TempDir Path dir;

  @Test
  void refusesTrainNodesBeforeAnyDataMoves() throws Exception {
    Path csv = dir.resolve("a.csv");
    Files.writeString(csv, "id\n1\n");
    try (Fixture f = new Fixture(dir)) {
      PlanNode a = Fixture.source("a", csv, List.of(new Column("id", LogicalType.BIGINT)));
      PlanNode train = new PlanNode("train:p", NodeKind.TRAIN, null, null, null, Set.of("a"), null, Fixture.ONCE);
      Plan plan = f.plan(a, train);
      assertThatThrownBy(() -> f.runner().run(plan, RunOptions.manual()))
          .isInstanceOf(MillraceException.class)
          .hasMessageContaining("Cannot run node 'train:p': this runner has no trainer")
          .hasMessageContaining("predictors/p.yaml");
      assertThat(f.warehouse.exists("a")).isFalse();

      PlanNode set = new PlanNode("s", NodeKind.TRAINING_SET, null, null, null, Set.of("a"), null, Fixture.ONCE);
      assertThatThrownBy(() -> f.runner().run(f.plan(a, set), RunOptions.manual()))
          .hasMessageContaining("Cannot run node 's': this runner has no trainer");
    }
  }
}
