package io.millrace.lake;

import static io.millrace.api.LogicalType.INTEGER;

import io.millrace.api.TableSchema;
import io.millrace.api.project.WarehouseCatalog;
import io.millrace.api.project.WarehouseRetention;
import io.millrace.api.spi.CommitRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One writer process of the concurrent-commit test: writes COUNT one-row Parquet files (process id,
 * interval number) first, creates {@code GO_FILE.ready-ID} and waits for GO_FILE, then commits them to TABLE, one interval each
 * (an append with replace tag {@code p<ID>-i<N>}, as a scheduled incremental model commits).
 *
 * <p>usage: CommitWorker local|jdbc URI LOCATION NAMESPACE CATALOG_NAME TABLE ID COUNT GO_FILE
 * <br>prints {@code id=.. commits=.. seconds=.. replans=.. from=EPOCH_MS to=EPOCH_MS} last
 */
public final class CommitWorker {
  static final TableSchema S = LakeFixture.schema("proc", INTEGER, "interval", INTEGER);

  private CommitWorker() {}

  public static void main(String[] args) throws Exception {
    WarehouseCatalog catalog = args[0].equals("local") ? WarehouseCatalog.local(Path.of(args[2]))
        : new WarehouseCatalog(WarehouseCatalog.Kind.JDBC, args[1], Path.of(args[2]), args[3], args[4], "postgres",
            null, Map.of());
    String table = args[5];
    int id = Integer.parseInt(args[6]);
    int count = Integer.parseInt(args[7]);
    Path go = Path.of(args[8]);
    try (LakeFixture lake = new LakeFixture(catalog, WarehouseRetention.DEFAULT)) {
      List<Path> files = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        files.add(lake.write(table, S, "SELECT " + id + "::INTEGER AS proc, " + i + "::INTEGER AS interval"));
      }
      java.nio.file.Files.createFile(Path.of(go + ".ready-" + id));
      while (!java.nio.file.Files.exists(go)) {
        Thread.sleep(2);
      }
      long from = System.currentTimeMillis();
      long t0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        lake.warehouse.commit(new CommitRequest(table, S, List.of(files.get(i)), CommitRequest.Mode.APPEND,
            "p" + id + "-i" + i, Map.of()));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("id=%d commits=%d seconds=%.3f replans=%d from=%d to=%d%n", id, count, seconds,
          lake.warehouse.commitConflicts(), from, System.currentTimeMillis());
    }
  }
}
