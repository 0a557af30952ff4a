package io.millrace.lake;

import static io.millrace.api.LogicalType.INTEGER;
import static io.millrace.lake.LakeFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.TableSchema;
import io.millrace.api.spi.CommitRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 12: two writers (two warehouse instances, as two processes would be) replacing the
 * same interval tag at the same moment must leave exactly one copy of the interval's rows.
 */
class IcebergWarehouseTaggedRaceTest {
  static final TableSchema S = schema("writer", INTEGER, "round", INTEGER, "n", INTEGER);
  static final int ROUNDS = 12;
  static final int ROWS = 3;
  static final String TAG = "interval=2025-01-01T00";

  @TempDir Path dir;

  @Test
  void concurrentReplacesOfOneTagLeaveExactlyOneCopy() throws Exception {
    Path folder = dir.resolve("wh");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (LakeFixture a = new LakeFixture(folder); LakeFixture b = new LakeFixture(folder)) {
      a.append("t", S, "other", "SELECT 0 AS writer, 0 AS round, 0 AS n");   // rows of another tag stay
      CyclicBarrier start = new CyclicBarrier(2);
      for (int round = 1; round <= ROUNDS; round++) {
        // files written before the race (one DuckDB connection each); only the commits race
        Path fa = a.write("t", S, rows(1, round));
        Path fb = b.write("t", S, rows(2, round));
        Future<?> ca = pool.submit(() -> replace(a, fa, start));
        Future<?> cb = pool.submit(() -> replace(b, fb, start));
        ca.get(60, TimeUnit.SECONDS);
        cb.get(60, TimeUnit.SECONDS);

        List<List<Object>> tagged = a.duckRows(a.warehouse.files("t"),
            "SELECT writer, round, count(*) FROM t WHERE round > 0 GROUP BY writer, round");
        assertThat(tagged).as("round %d: the tag's rows are exactly one writer's copy", round).hasSize(1);
        assertThat(tagged.get(0)).containsExactly(tagged.get(0).get(0), round, (long) ROWS);
        assertThat(a.duckRows(a.warehouse.files("t"), "SELECT count(*) FROM t WHERE round = 0"))
            .containsExactly(List.of(1L));
      }
      assertThat(a.icebergRows("t")).hasSize(ROWS + 1);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String rows(int writer, int round) {
    return "SELECT " + writer + " AS writer, " + round + " AS round, range::INTEGER AS n FROM range(" + ROWS + ")";
  }

  private static Void replace(LakeFixture lake, Path file, CyclicBarrier start) throws Exception {
    start.await(30, TimeUnit.SECONDS);
    lake.warehouse.commit(new CommitRequest("t", S, List.of(file), CommitRequest.Mode.APPEND, TAG, Map.of()));
    return null;
  }
}
