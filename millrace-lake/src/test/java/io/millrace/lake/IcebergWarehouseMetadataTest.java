package io.millrace.lake;

import static io.millrace.api.LogicalType.INTEGER;
import static io.millrace.lake.LakeFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.TableSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.hadoop.HadoopTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table metadata a commit keeps in memory (instead of reading back the file it wrote) is the
 * metadata in the file, the Hadoop-table layout stays readable by Iceberg's own reader, and a commit
 * made by another warehouse instance on the same folder is seen by the next commit.
 */
class IcebergWarehouseMetadataTest {
  static final TableSchema S = schema("n", INTEGER);

  @TempDir Path dir;

  @Test
  void committedMetadataInMemoryEqualsTheFileAndTheLayoutIsIcebergs() throws Exception {
    try (LakeFixture lake = new LakeFixture(dir.resolve("wh"))) {
      for (int i = 0; i < 3; i++) {
        lake.append("t", S, null, "SELECT " + i + "::INTEGER AS n");
      }
      lake.append("t", S, "run-1", "SELECT 10::INTEGER AS n");
      lake.overwrite("t", S, "SELECT 20::INTEGER AS n UNION ALL SELECT 21");

      TableMetadata inMemory = writerMetadata(lake, "t");
      Path metadata = dir.resolve("wh/t/metadata");
      assertThat(Files.readString(metadata.resolve("version-hint.text")).trim()).isEqualTo("5");
      assertThat(inMemory.metadataFileLocation()).isEqualTo(metadata.resolve("v5.metadata.json").toString());
      TableMetadata onDisk = TableMetadataParser.read(catalog(lake).io(), inMemory.metadataFileLocation());
      assertThat(TableMetadataParser.toJson(inMemory)).isEqualTo(TableMetadataParser.toJson(onDisk));
      assertThat(inMemory.previousFiles()).hasSize(4);
      try (var files = Files.list(metadata)) {
        assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.contains("tmp") || f.contains("temp")))
            .isEmpty();
      }

      // Iceberg's own path-based reader reads the table as committed
      Table hadoop = new HadoopTables(new org.apache.hadoop.conf.Configuration(false)).load(dir.resolve("wh/t").toString());
      assertThat(hadoop.currentSnapshot().snapshotId()).isEqualTo(inMemory.currentSnapshot().snapshotId());
      assertThat(lake.duckRows(lake.warehouse.files("t"), "SELECT n FROM t ORDER BY n"))
          .containsExactly(List.of(20), List.of(21));
    }
  }

  @Test
  void aCommitOfAnotherInstanceIsSeenByTheNextCommit() throws Exception {
    try (LakeFixture a = new LakeFixture(dir.resolve("wh")); LakeFixture b = new LakeFixture(dir.resolve("wh"))) {
      a.append("t", S, null, "SELECT 1::INTEGER AS n");
      b.append("t", S, null, "SELECT 2::INTEGER AS n");
      a.append("t", S, null, "SELECT 3::INTEGER AS n");
      b.append("t", S, "x", "SELECT 4::INTEGER AS n");

      assertThat(a.warehouse.snapshots("t")).hasSize(4);
      assertThat(a.duckRows(a.warehouse.files("t"), "SELECT n FROM t ORDER BY n"))
          .containsExactly(List.of(1), List.of(2), List.of(3), List.of(4));
      assertThat(writerMetadata(a, "t").metadataFileLocation()).endsWith("v4.metadata.json");
    }
  }

  @Test
  void manifestsOfATableThatOnlyAppendsStayBounded() throws Exception {
    try (LakeFixture lake = new LakeFixture(dir.resolve("wh"))) {
      for (int i = 0; i < 105; i++) {
        lake.append("t", S, null, "SELECT " + i + "::INTEGER AS n");
      }
      TableMetadata m = writerMetadata(lake, "t");
      int manifests = m.currentSnapshot().allManifests(catalog(lake).io()).size();
      assertThat(manifests).isLessThanOrEqualTo(100).isGreaterThan(0);
      assertThat(lake.duckRows(lake.warehouse.files("t"), "SELECT count(*), sum(n) FROM t"))
          .containsExactly(List.of(105L, java.math.BigInteger.valueOf(104 * 105 / 2)));
    }
  }

  private static io.millrace.lake.internal.LocalCatalog catalog(LakeFixture lake) throws Exception {
    java.lang.reflect.Field field = IcebergWarehouse.class.getDeclaredField("catalog");
    field.setAccessible(true);
    return (io.millrace.lake.internal.LocalCatalog) field.get(lake.warehouse);
  }

  private static TableMetadata writerMetadata(LakeFixture lake, String table) throws Exception {
    io.millrace.lake.internal.LocalCatalog catalog = catalog(lake);
    return catalog.locked(table, () -> ((HasTableOperations) catalog.require(table)).operations().current());
  }
}
