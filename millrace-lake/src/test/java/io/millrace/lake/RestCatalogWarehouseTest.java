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
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.TableInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 point 4: the Warehouse on Iceberg's REST catalog client ({@code RESTCatalog}), against a
 * loopback server made of Iceberg's own REST handlers ({@link LoopbackRestCatalog}).
 */
class RestCatalogWarehouseTest {
  static final TableSchema S = schema("id", INTEGER, "name", VARCHAR);

  @TempDir Path dir;
  LoopbackRestCatalog server;
  WarehouseCatalog catalog;
  LakeFixture lake;

  @BeforeEach
  void open() throws Exception {
    server = new LoopbackRestCatalog(dir.resolve("wh"));
    catalog = new WarehouseCatalog(WarehouseCatalog.Kind.REST, server.uri(), dir.resolve("wh"), "sales", "rest_test",
        null, null, Map.of());
    lake = new LakeFixture(catalog, WarehouseRetention.DEFAULT);
  }

  @AfterEach
  void close() throws Exception {
    lake.close();
    server.close();
  }

  private List<List<Object>> rows(LakeFixture l, String table) {
    return l.duckRows(l.warehouse.files(table), "SELECT id, name FROM t ORDER BY id");
  }

  @Test
  void commitsListsTimeTravelsAndEvolvesThroughTheRestCatalog() {
    SnapshotInfo first = lake.overwrite("t", S, "SELECT 1::INTEGER AS id, 'a' AS name");
    lake.append("t", S, "day-1", "SELECT 2::INTEGER AS id, 'b' AS name");
    lake.append("t", S, "day-1", "SELECT 2::INTEGER AS id, 'b2' AS name");
    TableSchema v2 = schema("id", BIGINT, "name", VARCHAR, "city", VARCHAR);
    lake.append("t", v2, null, "SELECT 3::BIGINT AS id, 'c' AS name, 'Oslo' AS city");
    lake.overwrite("u", S, "SELECT 9::INTEGER AS id, 'z' AS name");

    assertThat(lake.warehouse.tables()).extracting(TableInfo::name, TableInfo::rows)
        .containsExactly(org.assertj.core.api.Assertions.tuple("t", 3L), org.assertj.core.api.Assertions.tuple("u", 1L));
    assertThat(lake.warehouse.schema("t")).contains(v2);
    assertThat(lake.warehouse.schema("t", first.snapshotId())).isEqualTo(S);
    assertThat(lake.duckRows(lake.warehouse.files("t", first.snapshotId()), "SELECT id FROM t")).containsExactly(List.of(1));
    assertThat(lake.icebergRows("t")).extracting(r -> String.valueOf(r.getField("name")))
        .containsExactlyInAnyOrder("a", "b2", "c");

    MaintenanceReport r = lake.warehouse.maintain("t", new WarehouseRetention(Duration.ofMillis(1), 1), 64L << 20);
    // the tagged file of day-1 stays as it is; the other two are merged
    assertThat(r.compactedFiles()).isEqualTo(2);
    assertThat(r.keptTaggedFiles()).isEqualTo(1);
    assertThat(r.filesAfter()).isEqualTo(2);
    assertThat(lake.icebergRows("t")).hasSize(3);
    // the interval is still replaceable after compaction
    lake.append("t", v2, "day-1", "SELECT 2::BIGINT AS id, 'b3' AS name, NULL::VARCHAR AS city");
    assertThat(lake.icebergRows("t")).extracting(r2 -> String.valueOf(r2.getField("name")))
        .containsExactlyInAnyOrder("a", "b3", "c");

    assertThat(lake.warehouse.drop("u")).contains("Dropped table 'u'");
    assertThat(lake.warehouse.tables()).extracting(TableInfo::name).containsExactly("t");
    assertThatThrownBy(() -> lake.warehouse.files("u")).isInstanceOf(MillraceException.class)
        .hasMessageContaining("rest catalog");
  }

  @Test
  void twoWritersCommitToOneTableAndNoneIsLost() throws Exception {
    int commits = 10;
    lake.overwrite("shared", S, "SELECT 0::INTEGER AS id, 'seed' AS name");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (LakeFixture other = new LakeFixture(catalog, WarehouseRetention.DEFAULT)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (LakeFixture writer : List.of(lake, other)) {
        int base = writer == lake ? 1000 : 2000;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < commits; i++) {
          files.add(writer.write("shared", S, "SELECT " + (base + i) + "::INTEGER AS id, 'w' AS name"));
        }
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < commits; i++) {
            writer.warehouse.commit(new CommitRequest("shared", S, List.of(files.get(i)), CommitRequest.Mode.APPEND,
                "i" + (base + i), Map.of()));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(lake.duckRows(lake.warehouse.files("shared"), "SELECT count(*), count(DISTINCT id) FROM t"))
        .containsExactly(List.of(2L * commits + 1, 2L * commits + 1));
    assertThat(lake.warehouse.snapshots("shared")).hasSize(2 * commits + 1);
  }
}
