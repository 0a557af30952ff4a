package io.millrace.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.spi.CommitCondition;
import io.millrace.api.spi.CommitRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CommitRequest#condition()}: checked inside the commit against the table's current
 * snapshots, also when this warehouse handle's view of the table is stale (another handle committed
 * meanwhile); a refusal commits nothing and reaches the caller as thrown.
 */
class IcebergWarehouseConditionTest {
  @TempDir Path dir;
  private static final TableSchema SCHEMA = LakeFixture.schema("x", LogicalType.INTEGER);

  /** Refuses when any snapshot's summary has {@code key}. */
  private static CommitCondition refuseIfAny(String key, List<List<Map<String, String>>> seen) {
    return summaries -> {
      List<Map<String, String>> all = new ArrayList<>();
      summaries.forEach(all::add);
      seen.add(all);
      if (all.stream().anyMatch(s -> s.containsKey(key))) {
        throw MillraceException.external(null, "Cannot commit: %s was committed", key);
      }
    };
  }

  @Test
  void aConditionSeesCommitsOfAnotherWriterAndRefusesWithoutCommitting() throws Exception {
    try (LakeFixture a = new LakeFixture(dir.resolve("wh")); LakeFixture b = new LakeFixture(dir.resolve("wh"))) {
      a.append("t", SCHEMA, null, "select 1::INTEGER as x");
      assertThat(a.warehouse.snapshots("t")).hasSize(1);   // a's handle has read the table
      List<List<Map<String, String>>> seen = new ArrayList<>();
      // the condition passes: newest first, every ancestor
      a.warehouse.commit(new CommitRequest("t", SCHEMA, List.of(a.write("t", SCHEMA, "select 2::INTEGER as x")),
          CommitRequest.Mode.APPEND, null, Map.of("mark", "a2"), refuseIfAny("other", seen)));
      assertThat(seen.get(0)).hasSize(1);
      // another handle commits with a marker a's handle has not seen
      b.warehouse.commit(new CommitRequest("t", SCHEMA, List.of(b.write("t", SCHEMA, "select 3::INTEGER as x")),
          CommitRequest.Mode.APPEND, null, Map.of("other", "b")));
      Path file = a.write("t", SCHEMA, "select 4::INTEGER as x");
      assertThatThrownBy(() -> a.warehouse.commit(new CommitRequest("t", SCHEMA, List.of(file),
          CommitRequest.Mode.APPEND, null, Map.of("mark", "a3"), refuseIfAny("other", seen))))
          .isInstanceOf(MillraceException.class).hasMessage("Cannot commit: other was committed");
      assertThat(seen.get(seen.size() - 1).get(0)).containsEntry("other", "b");
      assertThat(a.icebergRows("t")).extracting(r -> r.getField("x")).containsExactlyInAnyOrder(1, 2, 3);
      assertThat(a.warehouse.snapshots("t")).hasSize(3);
    }
  }
}
