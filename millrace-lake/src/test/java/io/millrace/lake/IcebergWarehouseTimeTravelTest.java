package io.millrace.lake;

import static io.millrace.api.LogicalType.INTEGER;
import static io.millrace.api.LogicalType.VARCHAR;
import static io.millrace.lake.LakeFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.TableSchema;
import io.millrace.api.spi.SnapshotInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8 item 9: a past snapshot is read with its own schema, not today's. */
class IcebergWarehouseTimeTravelTest {
  @TempDir Path dir;

  @Test
  void aSnapshotKeepsTheColumnsItWasWrittenWith() throws Exception {
    TableSchema before = schema("id", INTEGER, "dropped", VARCHAR, "retyped", INTEGER);
    TableSchema after = schema("id", INTEGER, "retyped", VARCHAR, "added", INTEGER);
    try (LakeFixture lake = new LakeFixture(dir.resolve("wh"))) {
      SnapshotInfo old = lake.overwrite("t", before, "SELECT 1 AS id, 'gone' AS dropped, 7 AS retyped");
      SnapshotInfo now = lake.append("t", after, null, "SELECT 2 AS id, 'seven' AS retyped, 5 AS added");

      assertThat(lake.warehouse.schema("t")).contains(after);
      assertThat(lake.warehouse.schema("t", old.snapshotId())).isEqualTo(before);
      assertThat(lake.warehouse.schema("t", now.snapshotId())).isEqualTo(after);
      Map<String, Integer> oldIds = lake.warehouse.fieldIds("t", old.snapshotId());
      assertThat(oldIds).containsExactly(Map.entry("id", 1), Map.entry("dropped", 2), Map.entry("retyped", 3));
      assertThat(lake.warehouse.fieldIds("t", now.snapshotId())).containsEntry("id", 1)
          .doesNotContainValue(3).doesNotContainKey("dropped");

      List<SnapshotInfo> snaps = lake.warehouse.snapshots("t");
      assertThat(snaps).extracting(SnapshotInfo::schemaId).doesNotContain(-1);
      assertThat(snaps.get(0).schemaId()).isNotEqualTo(snaps.get(1).schemaId());

      // read by the old snapshot's ids: the dropped column is back and the retyped one is an int again
      assertThat(lake.duckRowsById(lake.warehouse.files("t", old.snapshotId()), before, oldIds,
          "SELECT id, dropped, retyped FROM t")).containsExactly(List.of(1, "gone", 7));
    }
  }
}
