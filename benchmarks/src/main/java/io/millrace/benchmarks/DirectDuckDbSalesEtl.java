package io.millrace.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Baseline: the sales-etl models run by DuckDB directly (no Millrace, no checks), the same SQL
 * files, the CSV loaded into a table and every model written as a table, {@code sales_data} also to
 * Parquet.
 * Prints one {@code step seconds} line per step and the total.
 *
 * <p>usage: DirectDuckDbSalesEtl SALES.csv MODELS_DIR OUT_DIR
 */
public final class DirectDuckDbSalesEtl {
  private DirectDuckDbSalesEtl() {}

  public static void main(String[] args) throws Exception {
    Path csv = Path.of(args[0]);
    Path models = Path.of(args[1]);
    Path out = Path.of(args[2]);
    Files.createDirectories(out);
    long start = System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement s = c.createStatement()) {
      s.execute("SET autoinstall_known_extensions=false; SET autoload_known_extensions=false;");
      step(s, "load_csv", "CREATE TABLE sales AS SELECT * FROM read_csv('" + csv + "', header=true, "
          + "types={'date':'DATE','product_id':'INTEGER','quantity':'INTEGER','price':'DOUBLE',"
          + "'customer_id':'INTEGER'}, store_rejects=true)");
      for (String model : new String[] {"customer_stats", "product_stats", "daily_summary", "customer_summary"}) {
        step(s, model, "CREATE TABLE " + model + " AS " + Files.readString(models.resolve(model + ".sql")));
      }
      step(s, "sales_data_parquet", "COPY (" + Files.readString(models.resolve("sales_data.sql"))
          + ") TO '" + out.resolve("sales_data.parquet") + "' (FORMAT parquet)");
    }
    System.out.printf("total %.3f%n", (System.nanoTime() - start) / 1e9);
  }

  private static void step(Statement s, String name, String sql) throws Exception {
    long t = System.nanoTime();
    s.execute(sql);
    System.out.printf("%s %.3f%n", name, (System.nanoTime() - t) / 1e9);
  }
}
