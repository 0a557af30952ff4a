package io.millrace.benchmarks;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.TableSchema;
import io.millrace.api.project.WarehouseCatalog;
import io.millrace.api.project.WarehouseRetention;
import io.millrace.api.spi.CommitRequest;
import io.millrace.lake.IcebergWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One writer of benchmarks/catalog.sh: commits COUNT intervals to TABLE (an append with a replace tag
 * each, as a scheduled incremental model does), on the local catalog or Iceberg's JDBC catalog. The
 * one-row Parquet files are written by DuckDB first; then it creates {@code GO_FILE.ready-ID}, waits
 * for GO_FILE (so that several processes start committing together) and times only the commits.
 *
 * <p>usage: CatalogCommits local|jdbc URI LOCATION NAMESPACE CATALOG_NAME TABLE ID COUNT GO_FILE [tagged|append]
 * <br>(tagged, the default: each commit an interval with its own replace tag; append: plain appends, as
 * a stream job or an incremental model without intervals commits)
 * <br>prints {@code id=.. commits=.. seconds=.. replans=.. from=EPOCH_MS to=EPOCH_MS cpu=PROCESS_CPU_SECONDS}
 * <p>CatalogCommits check KIND URI LOCATION NAMESPACE CATALOG_NAME TABLE EXPECTED: prints the table's rows
 * and distinct (process, interval) pairs; exit 1 unless both equal EXPECTED.
 */
public final class CatalogCommits {
  private static final TableSchema SCHEMA = new TableSchema(List.of(
      new Column("proc", LogicalType.INTEGER), new Column("interval", LogicalType.INTEGER)));

  private CatalogCommits() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("check")) {
      check(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    WarehouseCatalog catalog = args[0].equals("local") ? WarehouseCatalog.local(Path.of(args[2]))
        : new WarehouseCatalog(WarehouseCatalog.Kind.JDBC, args[1], Path.of(args[2]), args[3], args[4], "postgres",
            null, Map.of());
    String table = args[5];
    int id = Integer.parseInt(args[6]);
    int count = Integer.parseInt(args[7]);
    Path go = Path.of(args[8]);
    boolean tagged = args.length < 10 || args[9].equals("tagged");
    try (IcebergWarehouse warehouse = IcebergWarehouse.open(catalog, WarehouseRetention.DEFAULT);
         Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      String ids = warehouse.fieldIds(table, SCHEMA).entrySet().stream()
          .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
      List<Path> files = new ArrayList<>();
      try (Statement st = duck.createStatement()) {
        for (int i = 0; i < count; i++) {
          Path file = warehouse.newDataFile(table);
          st.execute("COPY (SELECT " + id + "::INTEGER AS proc, " + i + "::INTEGER AS interval) TO '" + file
              + "' (FORMAT parquet, FIELD_IDS " + ids + ")");
          files.add(file);
        }
      }
      Files.createFile(Path.of(go + ".ready-" + id));
      while (!Files.exists(go)) {
        Thread.sleep(2);
      }
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long from = System.currentTimeMillis();
      long t0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        warehouse.commit(new CommitRequest(table, SCHEMA, List.of(files.get(i)), CommitRequest.Mode.APPEND,
            tagged ? "p" + id + "-i" + i : null, Map.of()));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long to = System.currentTimeMillis();
      System.out.printf("id=%d commits=%d seconds=%.3f replans=%d from=%d to=%d cpu=%.3f%n", id, count, seconds,
          warehouse.commitConflicts(), from, to, (os.getProcessCpuTime() - cpu0) / 1e9);
    }
  }

  private static void check(String[] args) throws Exception {
    WarehouseCatalog catalog = args[0].equals("local") ? WarehouseCatalog.local(Path.of(args[2]))
        : new WarehouseCatalog(WarehouseCatalog.Kind.JDBC, args[1], Path.of(args[2]), args[3], args[4], "postgres",
            null, Map.of());
    long expected = Long.parseLong(args[6]);
    try (IcebergWarehouse warehouse = IcebergWarehouse.open(catalog, WarehouseRetention.DEFAULT);
         Connection duck = DriverManager.getConnection("jdbc:duckdb:");
         Statement st = duck.createStatement()) {
      String files = warehouse.files(args[5]).stream().map(f -> "'" + f + "'").collect(Collectors.joining(", ", "[", "]"));
      try (var rs = st.executeQuery("SELECT count(*), count(DISTINCT (proc, interval)) FROM read_parquet(" + files + ")")) {
        rs.next();
        long rows = rs.getLong(1);
        long distinct = rs.getLong(2);
        System.out.printf("%s: rows=%d distinct=%d snapshots=%d%n", args[5], rows, distinct,
            warehouse.snapshots(args[5]).size());
        if (rows != expected || distinct != expected) {
          System.exit(1);
        }
      }
    }
  }
}
