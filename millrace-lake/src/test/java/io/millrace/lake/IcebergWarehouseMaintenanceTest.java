package io.millrace.lake;

import static io.millrace.api.LogicalType.BIGINT;
import static io.millrace.api.LogicalType.INTEGER;
import static io.millrace.api.LogicalType.VARCHAR;
import static io.millrace.lake.LakeFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.WarehouseRetention;
import io.millrace.api.spi.SnapshotInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 point 4: compaction and expiry on demand ({@link IcebergWarehouse#maintain}), local catalog. */
class IcebergWarehouseMaintenanceTest {
  static final TableSchema V1 = schema("id", INTEGER, "name", VARCHAR);
  /** id widened to long, city added. */
  static final TableSchema V2 = schema("id", BIGINT, "name", VARCHAR, "city", VARCHAR);
  static final long TARGET = 64L << 20;

  @TempDir Path dir;
  LakeFixture lake;

  @BeforeEach
  void open() {
    lake = new LakeFixture(dir.resolve("wh"));
  }

  @AfterEach
  void close() throws Exception {
    lake.close();
  }

  private List<String> icebergRows() {
    List<Record> rows = lake.icebergRows("t");
    rows.sort(Comparator.comparing(r -> ((Number) r.getField("id")).longValue()));
    return rows.stream().map(r -> r.getField("id") + "|" + r.getField("name") + "|" + r.getField("city")).toList();
  }

  @Test
  void compactsFilesWrittenBeforeASchemaChangeReadingThemByFieldId() {
    lake.append("t", V1, null, "SELECT 1::INTEGER AS id, 'a' AS name");
    lake.append("t", V1, null, "SELECT 2::INTEGER AS id, 'b' AS name UNION ALL SELECT 3, NULL");
    lake.append("t", V2, null, "SELECT 30000000000::BIGINT AS id, 'c' AS name, 'Oslo' AS city");
    List<String> before = icebergRows();
    assertThat(before).containsExactly("1|a|null", "2|b|null", "3|null|null", "30000000000|c|Oslo");

    MaintenanceReport r = lake.warehouse.maintain("t", null, TARGET);

    assertThat(r.filesBefore()).isEqualTo(3);
    assertThat(r.compactedFiles()).isEqualTo(3);
    assertThat(r.writtenFiles()).isEqualTo(1);
    assertThat(r.filesAfter()).isEqualTo(1);
    assertThat(r.rows()).isEqualTo(4);
    assertThat(r.snapshotsExpired()).isZero();
    assertThat(icebergRows()).isEqualTo(before);
    // the merged file carries the current schema's field ids: DuckDB reads it by id with the new types
    assertThat(lake.duckRowsById(lake.warehouse.files("t"), V2, lake.warehouse.fieldIds("t", V2),
        "SELECT id, name, coalesce(city, '-') FROM t ORDER BY id")).containsExactly(List.of(1L, "a", "-"),
        List.of(2L, "b", "-"), java.util.Arrays.asList(3L, null, "-"), List.of(30000000000L, "c", "Oslo"));
    List<SnapshotInfo> snaps = lake.warehouse.snapshots("t");
    assertThat(snaps).last().satisfies(s -> {
      assertThat(s.operation()).isEqualTo("replace");
      assertThat(s.summary()).containsEntry("millrace.compacted-files", "3");
      assertThat(s.totalRows()).isEqualTo(4);
    });
    // time travel before the compaction still reads the old files
    assertThat(lake.warehouse.files("t", snaps.get(2).snapshotId())).hasSize(3);
    // nothing left to merge the second time
    assertThat(lake.warehouse.maintain("t", null, TARGET).compactedFiles()).isZero();
  }

  @Test
  void leavesFilesOfReplaceTagsSoAReRunStillReplacesItsInterval() {
    lake.append("t", V1, "day-1", "SELECT 1::INTEGER AS id, 'd1' AS name");
    lake.append("t", V1, "day-2", "SELECT 2::INTEGER AS id, 'd2' AS name");
    lake.append("t", V1, null, "SELECT 3::INTEGER AS id, 's3' AS name");
    lake.append("t", V1, null, "SELECT 4::INTEGER AS id, 's4' AS name");

    MaintenanceReport r = lake.warehouse.maintain("t", null, TARGET);
    assertThat(r.compactedFiles()).isEqualTo(2);
    assertThat(r.keptTaggedFiles()).isEqualTo(2);
    assertThat(r.filesAfter()).isEqualTo(3);

    lake.append("t", V1, "day-1", "SELECT 1::INTEGER AS id, 'd1-again' AS name");
    assertThat(lake.duckRows(lake.warehouse.files("t"), "SELECT id, name FROM t ORDER BY id"))
        .containsExactly(List.of(1, "d1-again"), List.of(2, "d2"), List.of(3, "s3"), List.of(4, "s4"));
  }

  @Test
  void expiresSnapshotsBeyondTheGivenAgeAndCountAndDeletesTheirFiles() throws Exception {
    for (int i = 0; i < 5; i++) {
      lake.overwrite("t", V1, "SELECT " + i + "::INTEGER AS id, 'v" + i + "' AS name");
    }
    List<SnapshotInfo> snaps = lake.warehouse.snapshots("t");
    // the default policy keeps 7 days: nothing is due
    assertThat(lake.warehouse.maintain("t", WarehouseRetention.DEFAULT, 0).snapshotsExpired()).isZero();

    MaintenanceReport r = lake.warehouse.maintain("t", new WarehouseRetention(Duration.ofMillis(1), 2), 0);

    assertThat(r.snapshotsBefore()).isEqualTo(5);
    assertThat(r.snapshotsExpired()).isEqualTo(3);
    assertThat(r.filesDeleted()).isGreaterThanOrEqualTo(3);   // three data files, their manifests and lists
    assertThat(r.bytesDeleted()).isPositive();
    assertThat(lake.warehouse.snapshots("t")).extracting(SnapshotInfo::snapshotId)
        .containsExactly(snaps.get(3).snapshotId(), snaps.get(4).snapshotId());
    try (var files = Files.list(dir.resolve("wh/t/data"))) {
      assertThat(files).hasSize(2);
    }
    assertThat(lake.duckRows(lake.warehouse.files("t", snaps.get(3).snapshotId()), "SELECT name FROM t"))
        .containsExactly(List.of("v3"));
    assertThatThrownBy(() -> lake.warehouse.files("t", snaps.get(0).snapshotId()))
        .isInstanceOf(MillraceException.class).hasMessageContaining("no such snapshot");
    assertThatThrownBy(() -> lake.warehouse.maintain("nope", null, TARGET)).isInstanceOf(MillraceException.class)
        .hasMessageContaining("no such table").hasMessageContaining("tables: t");
  }
}
