package io.millrace.benchmarks;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.SourceLoad;
import io.millrace.duckdb.DataGenerator;
import io.millrace.duckdb.DuckDbEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * Loading the sales source (declared columns, strict types, rejects) through the engine, against
 * DuckDB's own {@code read_csv} into a table with the same types (no strictness, no reject read-back)
 * measured in the same run, alternately. Prints the median of seven loads of each and their ratios
 * (wall time and the process's CPU time).
 *
 * <p>usage: SourceLoadBench SALES.csv (generated with 1M rows, seed 1, defects when absent)
 */
public final class SourceLoadBench {
  private SourceLoadBench() {}

  public static void main(String[] args) throws Exception {
    Path csv = Path.of(args[0]);
    if (!Files.exists(csv)) {
      DataGenerator.sales(csv, 1_000_000, 1, true);
    }
    SourceSpec spec = SourceSpec.file("sales", SourceFormat.CSV, csv, List.of(
        new Column("date", LogicalType.DATE), new Column("product_id", LogicalType.INTEGER),
        new Column("quantity", LogicalType.INTEGER), new Column("price", LogicalType.DOUBLE),
        new Column("customer_id", LogicalType.INTEGER)));
    // Alternating the two loads, so that a change in the machine's load hits both alike; the process
    // CPU time is reported beside the wall time, being less sensitive to other processes.
    int n = Integer.getInteger("loads", 7);   // -Dloads=1: one cold load each, as a command does
    double[] engine = new double[n];
    double[] engineCpu = new double[n];
    double[] direct = new double[n];
    double[] directCpu = new double[n];
    long rows = 0;
    long rejects = 0;
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    try (DuckDbEngine e = DuckDbEngine.open(EngineSpec.DEFAULT, null);
         Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      for (int i = 0; i < n; i++) {
        try (EngineSession s = e.session()) {
          long t = System.nanoTime();
          long cpu = os.getProcessCpuTime();
          SourceLoad load = s.loadSource(spec, "sales");
          engine[i] = (System.nanoTime() - t) / 1e9;
          engineCpu[i] = (os.getProcessCpuTime() - cpu) / 1e9;
          rows = load.rows();
          rejects = load.rejects().size();
          s.drop("sales");
        }
        long t = System.nanoTime();
        long cpu = os.getProcessCpuTime();
        st.execute("CREATE OR REPLACE TABLE sales AS SELECT * FROM read_csv('" + csv + "', header=true, "
            + "types={'date':'DATE','product_id':'INTEGER','quantity':'INTEGER','price':'DOUBLE',"
            + "'customer_id':'INTEGER'}, store_rejects=true)");
        direct[i] = (System.nanoTime() - t) / 1e9;
        directCpu[i] = (os.getProcessCpuTime() - cpu) / 1e9;
      }
    }
    double m = median(engine);
    double d = median(direct);
    double mc = median(engineCpu);
    double dc = median(directCpu);
    System.out.printf("source_load rows=%d rejects=%d millrace_s=%.3f duckdb_read_csv_s=%.3f ratio=%.2f "
        + "millrace_cpu_s=%.3f duckdb_read_csv_cpu_s=%.3f cpu_ratio=%.2f%n", rows, rejects, m, d, m / d, mc, dc, mc / dc);
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
