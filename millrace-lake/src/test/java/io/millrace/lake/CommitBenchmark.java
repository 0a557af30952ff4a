package io.millrace.lake;

import static io.millrace.api.LogicalType.BIGINT;
import static io.millrace.api.LogicalType.VARCHAR;

import io.millrace.api.TableSchema;
import io.millrace.api.spi.CommitRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Times opening the warehouse and committing one file (APPEND and OVERWRITE), after warm-up.
 * Run: {@code mvn -pl millrace-lake test-compile} then
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) io.millrace.lake.CommitBenchmark}
 * (cp.txt from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
public final class CommitBenchmark {
  private static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    Path dir = Files.createTempDirectory("lake-bench");
    TableSchema s = LakeFixture.schema("id", BIGINT, "name", VARCHAR);
    long t0 = System.nanoTime();
    IcebergWarehouse.open(dir.resolve("wh2")).close();
    System.out.printf("open, cold JVM: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
    t0 = System.nanoTime();
    IcebergWarehouse.open(dir.resolve("wh3")).close();
    System.out.printf("open, warm: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
    LakeFixture lake = new LakeFixture(dir.resolve("wh"));
    for (CommitRequest.Mode mode : CommitRequest.Mode.values()) {
      String table = "bench_" + mode.name().toLowerCase();
      List<Path> files = new ArrayList<>();
      for (int i = 0; i < 2 * n; i++) {
        files.add(lake.write(table, s, "SELECT range AS id, 'x' || range AS name FROM range(1000)"));
      }
      double[] ms = new double[2 * n];
      double[] cpu = new double[2 * n];
      for (int i = 0; i < 2 * n; i++) {
        long start = System.nanoTime();
        long cpuStart = CPU.getProcessCpuTime();
        lake.warehouse.commit(new CommitRequest(table, s, List.of(files.get(i)), mode, null, Map.of()));
        ms[i] = (System.nanoTime() - start) / 1e6;
        cpu[i] = (CPU.getProcessCpuTime() - cpuStart) / 1e6;
      }
      System.out.printf("%s: first commit (creates table) %.1f ms; after %d warm-up commits: median %.1f ms "
          + "wall (%.1f ms process CPU), p90 %.1f ms wall%n", mode, ms[0], n, pct(ms, n, 0.5), pct(cpu, n, 0.5),
          pct(ms, n, 0.9));
    }
    t0 = System.nanoTime();
    try (IcebergWarehouse again = IcebergWarehouse.open(dir.resolve("wh"))) {
      again.tables();
      System.out.printf("reopen + tables() with %d-snapshot tables: %.1f ms%n", 2 * n, (System.nanoTime() - t0) / 1e6);
      t0 = System.nanoTime();
      again.files("bench_append");
      System.out.printf("files() of the append table: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
    }
    lake.close();
  }

  private static double pct(double[] ms, int from, double p) {
    double[] tail = Arrays.copyOfRange(ms, from, ms.length);
    Arrays.sort(tail);
    return tail[(int) Math.min(tail.length - 1, Math.floor(p * tail.length))];
  }
}
