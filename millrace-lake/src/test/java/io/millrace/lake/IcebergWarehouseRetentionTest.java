package io.millrace.lake;

import static io.millrace.api.LogicalType.INTEGER;
import static io.millrace.lake.LakeFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.TableSchema;
import io.millrace.api.project.WarehouseRetention;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.SnapshotInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 7 §2: snapshots past the retention are expired and the files only they used are deleted. */
class IcebergWarehouseRetentionTest {
  static final TableSchema S = schema("id", INTEGER);
  static final WarehouseRetention KEEP_3 = new WarehouseRetention(Duration.ofMillis(1), 3);

  @TempDir Path dir;

  private static long dataFiles(Path table) throws Exception {
    try (Stream<Path> files = Files.list(table.resolve("data"))) {
      return files.count();
    }
  }

  @Test
  void overwritesBeyondTheRetentionAreExpiredWithTheirFiles() throws Exception {
    try (LakeFixture lake = new LakeFixture(dir.resolve("wh"), KEEP_3)) {
      for (int i = 1; i <= 30; i++) {
        lake.overwrite("t", S, "SELECT " + i + " AS id");
        Thread.sleep(2);
      }
      List<SnapshotInfo> snaps = lake.warehouse.snapshots("t");
      // expiry runs in batches of ten due snapshots: at most 3 kept + 9 waiting
      assertThat(snaps.size()).isBetween(3, 12);
      assertThat(dataFiles(dir.resolve("wh/t"))).isEqualTo(snaps.size());
      assertThat(lake.duckRows(lake.warehouse.files("t"), "SELECT id FROM t")).containsExactly(List.of(30));
      assertThat(lake.duckRows(lake.warehouse.files("t", snaps.get(0).snapshotId()), "SELECT id FROM t"))
          .containsExactly(List.of(31 - snaps.size()));
    }
  }

  @Test
  void theDefaultKeepsAWeekOfSnapshots() throws Exception {
    try (LakeFixture lake = new LakeFixture(dir.resolve("wh"))) {
      for (int i = 1; i <= 25; i++) {
        lake.overwrite("t", S, "SELECT " + i + " AS id");
      }
      assertThat(lake.warehouse.snapshots("t")).hasSize(25);
      assertThat(dataFiles(dir.resolve("wh/t"))).isEqualTo(25);
    }
  }

  @Test
  void aTagsNewestSnapshotIsKeptSoAReplaceStillFindsItsFiles() throws Exception {
    try (LakeFixture lake = new LakeFixture(dir.resolve("wh"), KEEP_3)) {
      lake.append("t", S, "2025-01-01", "SELECT -1 AS id");
      for (int i = 1; i <= 30; i++) {
        lake.append("t", S, null, "SELECT " + i + " AS id");
        Thread.sleep(2);
      }
      assertThat(lake.warehouse.snapshots("t").size()).isLessThan(20);
      lake.append("t", S, "2025-01-01", "SELECT -2 AS id");   // re-run of the interval

      assertThat(lake.duckRows(lake.warehouse.files("t"), "SELECT count(*), min(id) FROM t"))
          .containsExactly(List.of(31L, -2));
    }
  }

  @Test
  void commitPropertiesAreReadableFromTheLastSnapshot() throws Exception {
    try (LakeFixture lake = new LakeFixture(dir.resolve("wh"), KEEP_3)) {
      for (int i = 1; i <= 15; i++) {
        Path f = lake.write("s", S, "SELECT " + i + " AS id");
        lake.warehouse.commit(new CommitRequest("s", S, List.of(f), CommitRequest.Mode.APPEND, null,
            Map.of("millrace.stream.offsets", "orders:0=" + i)));
      }
      List<SnapshotInfo> snaps = lake.warehouse.snapshots("s");
      assertThat(snaps.get(snaps.size() - 1).summary()).containsEntry("millrace.stream.offsets", "orders:0=15");
    }
  }
}
