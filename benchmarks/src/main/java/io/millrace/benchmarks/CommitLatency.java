package io.millrace.benchmarks;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.TableSchema;
import io.millrace.api.spi.CommitRequest;
import io.millrace.lake.IcebergWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Latency of one Iceberg commit on a local warehouse, per commit kind, after warm-up: plain append,
 * tagged append with a new tag each time (rejects, quarantine, run-tagged appends: nothing carries
 * the tag), tagged replace of one interval (the same tag each time), and overwrite. Each commit
 * registers one 1,000-row Parquet file written beforehand by DuckDB, so only the commit is timed.
 * The baseline in the same run is the floor of the file system: writing and renaming one small file
 * (what a commit must do at least, for its metadata). Besides wall time it reports the committing
 * thread's CPU time, which a busy machine inflates far less than wall time.
 *
 * <p>usage: CommitLatency [COMMITS_PER_KIND] [WORK_DIR] [KIND,...]
 */
public final class CommitLatency {
  private static final TableSchema SCHEMA = new TableSchema(List.of(
      new Column("id", LogicalType.BIGINT), new Column("name", LogicalType.VARCHAR)));

  private static final java.lang.management.ThreadMXBean THREAD = java.lang.management.ManagementFactory.getThreadMXBean();

  private CommitLatency() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Path dir = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("commit-latency");
    Path wh = dir.resolve("wh-" + System.nanoTime());
    try (IcebergWarehouse warehouse = IcebergWarehouse.open(wh);
         Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      System.out.printf("floor: write + rename one 4 KB file: median %.3f ms%n", floor(dir, n));
      List<String> kinds = args.length > 2 ? List.of(args[2].split(","))
          : List.of("append", "tagged_append_new_tag", "tagged_replace_same_tag", "overwrite");
      for (String kind : kinds) {
        String table = "bench_" + kind;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 2 * n; i++) {
          files.add(write(duck, warehouse, table));
        }
        double[] ms = new double[2 * n];
        double[] cpu = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
          CommitRequest request = switch (kind) {
            case "append" -> request(table, files.get(i), CommitRequest.Mode.APPEND, null);
            case "tagged_append_new_tag" -> request(table, files.get(i), CommitRequest.Mode.APPEND, "run-" + i);
            case "tagged_replace_same_tag" -> request(table, files.get(i), CommitRequest.Mode.APPEND, "interval-1");
            default -> request(table, files.get(i), CommitRequest.Mode.OVERWRITE, null);
          };
          long start = System.nanoTime();
          long cpuStart = THREAD.getCurrentThreadCpuTime();
          warehouse.commit(request);
          ms[i] = (System.nanoTime() - start) / 1e6;
          cpu[i] = (THREAD.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        }
        double[] measured = Arrays.copyOfRange(ms, n, 2 * n);
        Arrays.sort(measured);
        double[] cpuMeasured = Arrays.copyOfRange(cpu, n, 2 * n);
        Arrays.sort(cpuMeasured);
        System.out.printf("%-24s commits=%d (after %d warm-up) median_ms=%.2f p90_ms=%.2f thread_cpu_median_ms=%.2f "
            + "snapshots=%d rows=%d%n", kind, n, n, measured[n / 2], measured[(int) (n * 0.9)], cpuMeasured[n / 2],
            warehouse.snapshots(table).size(),
            warehouse.tables().stream().filter(t -> t.name().equals(table)).findFirst().orElseThrow().rows());
      }
    }
  }

  private static CommitRequest request(String table, Path file, CommitRequest.Mode mode, String tag) {
    return new CommitRequest(table, SCHEMA, List.of(file), mode, tag, Map.of("millrace.run-id", "bench"));
  }

  private static Path write(Connection duck, IcebergWarehouse warehouse, String table) throws Exception {
    Path file = warehouse.newDataFile(table);
    String ids = warehouse.fieldIds(table, SCHEMA).entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
    try (Statement st = duck.createStatement()) {
      st.execute("COPY (SELECT range AS id, 'x' || range AS name FROM range(1000)) TO '" + file
          + "' (FORMAT parquet, FIELD_IDS " + ids + ")");
    }
    return file;
  }

  private static double floor(Path dir, int n) throws Exception {
    byte[] bytes = new byte[4096];
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      Path tmp = dir.resolve("floor.tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, dir.resolve("floor-" + i), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return ms[n / 2];
  }
}
