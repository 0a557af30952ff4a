package io.millrace.lake;

import static io.millrace.api.LogicalType.BIGINT;
import static io.millrace.api.LogicalType.INTEGER;
import static io.millrace.api.LogicalType.VARCHAR;
import static io.millrace.lake.LakeFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.WarehouseCatalog;
import io.millrace.api.project.WarehouseRetention;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.TableInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 point 4: the Warehouse behaviour on Iceberg's JDBC catalog (PostgreSQL on 127.0.0.1:5432,
 * a schema of its own per test): commits of every kind, files, snapshots, time travel, schema
 * evolution, listing from the catalog, maintenance, recover and drop. Run with -Pservices.
 */
@Tag("services")
class JdbcCatalogWarehouseTest {
  static final TableSchema S = schema("id", INTEGER, "name", VARCHAR);

  @TempDir Path dir;
  PgCatalog pg;
  LakeFixture lake;

  @BeforeEach
  void open() {
    pg = new PgCatalog();
    lake = new LakeFixture(pg.catalog(dir.resolve("wh"), "sales"), WarehouseRetention.DEFAULT);
  }

  @AfterEach
  void close() throws Exception {
    lake.close();
    pg.close();
  }

  private List<List<Object>> rows(String table) {
    return lake.duckRows(lake.warehouse.files(table), "SELECT id, name FROM t ORDER BY id");
  }

  @Test
  void commitsOfEveryKindKeepTheirPointerInPostgres() {
    lake.overwrite("t", S, "SELECT 1::INTEGER AS id, 'a' AS name");
    lake.append("t", S, null, "SELECT 2::INTEGER AS id, 'b' AS name");
    lake.append("t", S, "day-1", "SELECT 3::INTEGER AS id, 'c' AS name");
    // the interval again: its rows are replaced, not added
    lake.append("t", S, "day-1", "SELECT 3::INTEGER AS id, 'c2' AS name UNION ALL SELECT 4, 'd'");

    assertThat(rows("t")).containsExactly(List.of(1, "a"), List.of(2, "b"), List.of(3, "c2"), List.of(4, "d"));
    assertThat(pg.tableRows("sales")).isEqualTo(1);
    // the files are where a local warehouse keeps them; the metadata pointer is the catalog's row
    assertThat(lake.warehouse.files("t")).allMatch(f -> f.startsWith(dir.resolve("wh/t/data")));
    assertThat(Files.exists(dir.resolve("wh/t/metadata/version-hint.text"))).isFalse();
    // another process (a catalog of its own) sees the same table
    assertThat(lake.icebergRows("t")).hasSize(4);
    assertThat(lake.warehouse.snapshots("t")).extracting(SnapshotInfo::operation)
        .containsExactly("append", "append", "append", "overwrite");
    assertThat(lake.warehouse.snapshots("t").get(3).summary()).containsEntry("millrace.tag", "day-1");
  }

  @Test
  void listsTablesFromTheCatalogNamespaceOnly() throws Exception {
    lake.overwrite("b", S, "SELECT 1::INTEGER AS id, 'x' AS name");
    lake.overwrite("a", S, "SELECT 1::INTEGER AS id, 'x' AS name UNION ALL SELECT 2, 'y'");
    // a second project sharing the catalog, in its own namespace and folder
    try (LakeFixture other = new LakeFixture(pg.catalog(dir.resolve("wh2"), "marketing"), WarehouseRetention.DEFAULT)) {
      other.overwrite("c", S, "SELECT 1::INTEGER AS id, 'x' AS name");
      assertThat(other.warehouse.tables()).extracting(TableInfo::name).containsExactly("c");
    }
    // a folder that looks like a table but is not in the catalog is not a table here
    Files.createDirectories(dir.resolve("wh/ghost/metadata"));
    Files.writeString(dir.resolve("wh/ghost/metadata/v1.metadata.json"), "{}");

    assertThat(lake.warehouse.tables()).extracting(TableInfo::name, TableInfo::rows)
        .containsExactly(org.assertj.core.api.Assertions.tuple("a", 2L), org.assertj.core.api.Assertions.tuple("b", 1L));
    assertThat(lake.warehouse.exists("ghost")).isFalse();
    assertThatThrownBy(() -> lake.warehouse.files("ghost")).isInstanceOf(MillraceException.class)
        .hasMessageContaining("no such table").hasMessageContaining("jdbc catalog")
        .hasMessageContaining("namespace 'sales'").hasMessageContaining("tables: a, b");
  }

  @Test
  void timeTravelAndSchemaEvolution() {
    TableSchema v2 = schema("id", BIGINT, "name", VARCHAR, "city", VARCHAR);
    SnapshotInfo first = lake.overwrite("t", S, "SELECT 1::INTEGER AS id, 'a' AS name");
    SnapshotInfo second = lake.append("t", v2, null, "SELECT 30000000000::BIGINT AS id, 'b' AS name, 'Oslo' AS city");

    assertThat(lake.warehouse.schema("t")).contains(v2);
    assertThat(lake.warehouse.schema("t", first.snapshotId())).isEqualTo(S);
    assertThat(lake.warehouse.files("t", first.snapshotId())).hasSize(1);
    assertThat(lake.warehouse.files("t", second.snapshotId())).hasSize(2);
    assertThat(lake.warehouse.snapshotAsOf("t", second.committedAt())).contains(second.snapshotId());
    assertThat(lake.warehouse.snapshotAsOf("t", first.committedAt().minusSeconds(60))).isEmpty();
    List<Record> now = lake.icebergRows("t");
    now.sort(Comparator.comparing(r -> (Long) r.getField("id")));
    assertThat(now).extracting(r -> r.getField("id"), r -> String.valueOf(r.getField("city")))
        .containsExactly(org.assertj.core.api.Assertions.tuple(1L, "null"),
            org.assertj.core.api.Assertions.tuple(30000000000L, "Oslo"));
    assertThat(lake.icebergRows("t", first.snapshotId())).hasSize(1);
  }

  @Test
  void maintainCompactsAndExpiresOnTheSharedCatalog() {
    for (int i = 0; i < 6; i++) {
      lake.append("t", S, null, "SELECT " + i + "::INTEGER AS id, 'n" + i + "' AS name");
    }
    List<List<Object>> before = rows("t");

    MaintenanceReport r = lake.warehouse.maintain("t", new WarehouseRetention(Duration.ofMillis(1), 1),
        64L << 20);

    assertThat(r.filesBefore()).isEqualTo(6);
    assertThat(r.compactedFiles()).isEqualTo(6);
    assertThat(r.filesAfter()).isEqualTo(1);
    assertThat(r.snapshotsExpired()).isEqualTo(6);     // all but the compaction's
    assertThat(r.filesDeleted()).isGreaterThanOrEqualTo(6);
    assertThat(rows("t")).isEqualTo(before);
    assertThat(lake.icebergRows("t")).hasSize(6);
    assertThat(lake.warehouse.snapshots("t")).extracting(SnapshotInfo::operation).containsExactly("replace");
    try (Stream<Path> data = Files.list(dir.resolve("wh/t/data"))) {
      assertThat(data).hasSize(1);   // the small files went with the expired snapshots
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void recoversAnUnreadableCurrentMetadataFileAndDropsTables() throws Exception {
    lake.overwrite("t", S, "SELECT 1::INTEGER AS id, 'a' AS name");
    lake.append("t", S, null, "SELECT 2::INTEGER AS id, 'b' AS name");
    Path latest;
    try (Stream<Path> files = Files.list(dir.resolve("wh/t/metadata"))) {
      latest = files.filter(f -> f.getFileName().toString().endsWith(".metadata.json"))
          .max(Comparator.comparing(f -> f.getFileName().toString())).orElseThrow();
    }
    Files.writeString(latest, "{ cut sh");
    try (LakeFixture reopened = new LakeFixture(lake.warehouse.catalog(), WarehouseRetention.DEFAULT)) {
      assertThatThrownBy(() -> reopened.warehouse.files("t")).isInstanceOf(MillraceException.class)
          .hasMessageContaining("--recover t");
      assertThat(reopened.warehouse.unreadableTables()).containsKey("t");

      assertThat(reopened.warehouse.recover("t")).contains("Rolled table 't' back");
      assertThat(reopened.warehouse.files("t")).hasSize(1);
      reopened.append("t", S, null, "SELECT 3::INTEGER AS id, 'c' AS name");
      assertThat(reopened.duckRows(reopened.warehouse.files("t"), "SELECT id FROM t ORDER BY id"))
          .containsExactly(List.of(1), List.of(3));
      assertThat(reopened.warehouse.recover("t")).contains("nothing to recover");

      assertThat(reopened.warehouse.drop("t")).contains("Dropped table 't'").contains(".dropped");
      assertThat(pg.tableRows("sales")).isZero();
      assertThat(reopened.warehouse.tables()).isEmpty();
      reopened.overwrite("t", S, "SELECT 9::INTEGER AS id, 'z' AS name");   // the next run rebuilds it
      assertThat(reopened.duckRows(reopened.warehouse.files("t"), "SELECT id FROM t")).containsExactly(List.of(9));
    }
  }

  @Test
  void anUnreachableCatalogIsAnExternalErrorWithThePasswordMasked() {
    WarehouseCatalog bad = new WarehouseCatalog(WarehouseCatalog.Kind.JDBC,
        "jdbc:postgresql://127.0.0.1:1/test", dir.resolve("wh3"), "sales", null, "postgres", "s3cr3t-pw", Map.of());
    assertThatThrownBy(() -> IcebergWarehouse.open(bad, WarehouseRetention.DEFAULT))
        .isInstanceOf(MillraceException.class)
        .satisfies(e -> assertThat(((MillraceException) e).kind()).isEqualTo(io.millrace.api.ErrorKind.EXTERNAL))
        .hasMessageContaining("jdbc catalog jdbc:postgresql://127.0.0.1:1/test")
        .hasMessageNotContaining("s3cr3t-pw");
    assertThat(bad.toString()).doesNotContain("s3cr3t-pw");
  }
}
