package io.millrace.lake;

import static io.millrace.api.LogicalType.INTEGER;
import static io.millrace.lake.LakeFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.TableSchema;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.SnapshotInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IcebergWarehouseConcurrencyTest {
  static final int COMMITS = 8;
  static final TableSchema S = schema("thread", INTEGER, "n", INTEGER);

  @TempDir Path dir;
  LakeFixture lake;
  ExecutorService pool = Executors.newFixedThreadPool(2);

  @BeforeEach
  void open() {
    lake = new LakeFixture(dir.resolve("wh"));
  }

  @AfterEach
  void close() throws Exception {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    lake.close();
  }

  /** Files are written up front (one DuckDB connection); only the commits race. */
  private List<Path> files(String table, int thread) {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < COMMITS; i++) {
      files.add(lake.write(table, S, "SELECT " + thread + "::INTEGER AS thread, " + i + "::INTEGER AS n"));
    }
    return files;
  }

  private Callable<List<SnapshotInfo>> appender(String table, List<Path> files, CountDownLatch start) {
    return () -> {
      start.await();
      List<SnapshotInfo> done = new ArrayList<>();
      for (Path f : files) {
        done.add(lake.warehouse.commit(new CommitRequest(table, S, List.of(f), CommitRequest.Mode.APPEND,
            null, Map.of())));
      }
      return done;
    };
  }

  @Test
  void commitsToTwoTablesFromTwoThreads() throws Exception {
    List<Path> a = files("a", 1);
    List<Path> b = files("b", 2);
    CountDownLatch start = new CountDownLatch(1);
    Future<List<SnapshotInfo>> fa = pool.submit(appender("a", a, start));
    Future<List<SnapshotInfo>> fb = pool.submit(appender("b", b, start));
    start.countDown();

    assertThat(fa.get(60, TimeUnit.SECONDS)).hasSize(COMMITS);
    assertThat(fb.get(60, TimeUnit.SECONDS)).hasSize(COMMITS);
    assertThat(lake.warehouse.tables()).extracting(t -> t.name(), t -> t.rows(), t -> t.files())
        .containsExactly(org.assertj.core.api.Assertions.tuple("a", (long) COMMITS, COMMITS),
            org.assertj.core.api.Assertions.tuple("b", (long) COMMITS, COMMITS));
    assertThat(lake.warehouse.snapshots("a")).hasSize(COMMITS);
    assertThat(lake.duckRows(lake.warehouse.files("b"), "SELECT DISTINCT thread FROM t")).containsExactly(List.of(2));
  }

  @Test
  void serializesCommitsToOneTableWithoutLosingAny() throws Exception {
    // the table exists before the race, as a second creator would otherwise fail by design
    lake.overwrite("shared", S, "SELECT 0::INTEGER AS thread, -1::INTEGER AS n");
    List<Path> one = files("shared", 1);
    List<Path> two = files("shared", 2);
    CountDownLatch start = new CountDownLatch(1);
    Future<List<SnapshotInfo>> f1 = pool.submit(appender("shared", one, start));
    Future<List<SnapshotInfo>> f2 = pool.submit(appender("shared", two, start));
    start.countDown();
    f1.get(60, TimeUnit.SECONDS);
    f2.get(60, TimeUnit.SECONDS);

    assertThat(lake.warehouse.snapshots("shared")).hasSize(2 * COMMITS + 1);
    assertThat(lake.duckRows(lake.warehouse.files("shared"),
        "SELECT thread, count(*) FROM t GROUP BY thread ORDER BY thread"))
        .containsExactly(List.of(0, 1L), List.of(1, (long) COMMITS), List.of(2, (long) COMMITS));
    assertThat(lake.icebergRows("shared")).hasSize(2 * COMMITS + 1);
  }

  @Test
  void readersDoNotWaitForACommitInProgress() throws Exception {
    lake.overwrite("t", S, "SELECT 1::INTEGER AS thread, 1::INTEGER AS n");
    java.lang.reflect.Field field = IcebergWarehouse.class.getDeclaredField("catalog");
    field.setAccessible(true);
    io.millrace.lake.internal.LocalCatalog catalog = (io.millrace.lake.internal.LocalCatalog) field.get(lake.warehouse);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // a commit in progress holds the table's commit lock until it has renamed its metadata
    Future<Object> committing = pool.submit(() -> catalog.locked("t", () -> {
      held.countDown();
      try {
        return release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }));
    assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

    Future<List<Object>> reads = pool.submit(() -> List.of(lake.warehouse.exists("t"), lake.warehouse.schema("t"),
        lake.warehouse.files("t"), lake.warehouse.fieldIds("t", S)));
    assertThat(reads.get(10, TimeUnit.SECONDS)).hasSize(4);
    release.countDown();
    assertThat(committing.get(10, TimeUnit.SECONDS)).isEqualTo(true);
  }
}
