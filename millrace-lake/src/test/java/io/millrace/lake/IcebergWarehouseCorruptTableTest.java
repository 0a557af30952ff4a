package io.millrace.lake;

import static io.millrace.api.LogicalType.INTEGER;
import static io.millrace.lake.LakeFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.TableInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 17: one table with corrupt metadata is reported by name, does not break the other
 * tables, and can be rolled back or dropped.
 */
class IcebergWarehouseCorruptTableTest {
  static final TableSchema S = schema("id", INTEGER);

  @TempDir Path dir;
  LakeFixture lake;

  @BeforeEach
  void open() {
    lake = new LakeFixture(dir.resolve("wh"));
    lake.overwrite("good", S, "SELECT 1 AS id");
  }

  @AfterEach
  void close() throws Exception {
    lake.close();
  }

  private Path metadata(String table, int version) {
    return dir.resolve("wh").resolve(table).resolve("metadata").resolve("v" + version + ".metadata.json");
  }

  private LakeFixture reopen() throws Exception {
    lake.close();
    lake = new LakeFixture(dir.resolve("wh"));
    return lake;
  }

  private static MillraceException userError(Throwable t) {
    assertThat(t).isInstanceOf(MillraceException.class);
    assertThat(((MillraceException) t).kind()).isEqualTo(ErrorKind.USER);
    return (MillraceException) t;
  }

  @Test
  void anEmptyFirstMetadataFileLeavesOtherTablesUsable() throws Exception {
    lake.overwrite("bad", S, "SELECT 2 AS id");
    Files.write(metadata("bad", 1), new byte[0]);
    Files.deleteIfExists(metadata("bad", 2));   // v1 is the only version
    Files.writeString(dir.resolve("wh/bad/metadata/version-hint.text"), "1");
    reopen();

    assertThat(lake.warehouse.tables()).extracting(TableInfo::name).containsExactly("good");
    assertThat(lake.warehouse.unreadableTables()).containsOnlyKeys("bad");
    assertThat(lake.warehouse.unreadableTables().get("bad")).hasMessageContaining("Cannot read table 'bad'")
        .hasMessageContaining(metadata("bad", 1).toString()).hasMessageContaining("--recover bad");
    assertThat(lake.duckRows(lake.warehouse.files("good"), "SELECT id FROM t")).containsExactly(List.of(1));

    MillraceException read = userError(org.assertj.core.api.Assertions.catchThrowable(() -> lake.warehouse.files("bad")));
    assertThat(read).hasMessageContaining("'bad'").hasMessageContaining("v1.metadata.json");
    userError(org.assertj.core.api.Assertions.catchThrowable(() -> lake.overwrite("bad", S, "SELECT 3 AS id")));

    // nothing readable to roll back to: recover says so and points at drop; drop, then a commit rebuilds it
    assertThatThrownBy(() -> lake.warehouse.recover("bad")).hasMessageContaining("--drop bad");
    assertThat(lake.warehouse.drop("bad")).contains("Dropped table 'bad'").contains(".dropped");
    assertThat(lake.warehouse.unreadableTables()).isEmpty();
    lake.overwrite("bad", S, "SELECT 3 AS id");
    assertThat(lake.duckRows(lake.warehouse.files("bad"), "SELECT id FROM t")).containsExactly(List.of(3));
  }

  @Test
  void aCorruptLatestVersionRollsBackToTheLastGoodOne() throws Exception {
    lake.overwrite("t", S, "SELECT 1 AS id");
    SnapshotInfo second = lake.append("t", S, null, "SELECT 2 AS id");
    lake.append("t", S, null, "SELECT 3 AS id");
    Path latest;
    try (var files = Files.list(dir.resolve("wh/t/metadata"))) {
      latest = files.filter(f -> f.getFileName().toString().matches("v\\d+\\.metadata\\.json"))
          .max(java.util.Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString().replaceAll("\\D", ""))))
          .orElseThrow();
    }
    Files.writeString(latest, "{\"format-version\": 2, \"table-uuid\": ");   // cut short mid-write
    reopen();

    assertThat(lake.warehouse.tables()).extracting(TableInfo::name).containsExactly("good");
    assertThat(userError(org.assertj.core.api.Assertions.catchThrowable(() -> lake.warehouse.snapshots("t"))))
        .hasMessageContaining(latest.toString());

    assertThat(lake.warehouse.recover("t")).contains("Rolled table 't' back")
        .contains("snapshot " + second.snapshotId());
    assertThat(lake.duckRows(lake.warehouse.files("t"), "SELECT id FROM t ORDER BY id"))
        .containsExactly(List.of(1), List.of(2));
    assertThat(Files.exists(dir.resolve("wh/t/metadata/corrupt").resolve(latest.getFileName()))).isTrue();
    lake.append("t", S, null, "SELECT 4 AS id");   // commits continue from the recovered version
    assertThat(lake.icebergRows("t")).hasSize(3);
    assertThat(lake.warehouse.recover("t")).contains("nothing to recover");
  }

  @Test
  void aMissingManifestListIsReportedWithTheTable() throws Exception {
    lake.overwrite("t", S, "SELECT 1 AS id");
    try (var files = Files.list(dir.resolve("wh/t/metadata"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().startsWith("snap-")) {
          Files.delete(f);
        }
      }
    }
    reopen();

    assertThat(userError(org.assertj.core.api.Assertions.catchThrowable(() -> lake.warehouse.files("t"))))
        .hasMessageContaining("Cannot read table 't'").hasMessageContaining("snap-");
    assertThat(lake.warehouse.files("good")).hasSize(1);
  }
}
