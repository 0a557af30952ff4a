package io.millrace.quality.spark;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SqlRunner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Test-only {@link SqlRunner} over one local SparkSession shared by the whole test run (it takes
 * seconds to start). Its {@link #dialect()} is {@code spark}, as the Spark engine's sessions. To be
 * replaced by the real Spark engine session once millrace-spark is merged.
 */
public final class SparkRunner implements SqlRunner {
  private static SparkSession session;
  public final AtomicInteger queries = new AtomicInteger();

  /**
   * The shared session: local[2], loopback only, no UI, UTC session time zone; code generation off
   * (the test data is tiny) and logging at ERROR.
   */
  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder()
          .appName("millrace-quality-tests")
          .master("local[2]")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.sql.shuffle.partitions", "1")
          // test data is tiny: compiling generated code costs more than interpreting it
          .config("spark.sql.codegen.wholeStage", "false")
          .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
          .config("spark.sql.adaptive.enabled", "false")
          .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/millrace-quality-spark-wh")
          .getOrCreate();
      session.sparkContext().setLogLevel("ERROR");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
    }
    return session;
  }

  @Override
  public QueryResult query(String sql) {
    queries.incrementAndGet();
    try {
      long t0 = System.nanoTime();
      Dataset<Row> df = session().sql(sql);
      List<String> cols = Arrays.asList(df.columns());
      List<List<Object>> rows = new ArrayList<>();
      for (Row r : df.collectAsList()) {
        List<Object> row = new ArrayList<>(cols.size());
        for (int i = 0; i < cols.size(); i++) {
          row.add(value(r.get(i)));
        }
        rows.add(row);
      }
      if (Boolean.getBoolean("millrace.spark.trace")) {
        System.out.printf("%6d ms  %s%n", (System.nanoTime() - t0) / 1_000_000, sql.length() > 150 ? sql.substring(0, 150) : sql);
      }
      return new QueryResult(cols, rows);
    } catch (Exception e) { // AnalysisException is a checked exception thrown from Scala
      if (Boolean.getBoolean("millrace.spark.trace")) {
        System.out.println("FAILED  " + sql + "\n  " + e.getMessage().split("\n")[0]);
      }
      throw new MillraceException(ErrorKind.USER, "Cannot run query: " + e.getMessage(), e);
    }
  }

  private static Object value(Object v) {
    if (v instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (v instanceof java.time.Instant i) {
      return i.atOffset(java.time.ZoneOffset.UTC);
    }
    if (v instanceof scala.collection.Seq<?> s) {
      List<Object> out = new ArrayList<>();
      scala.jdk.javaapi.CollectionConverters.asJava(s).forEach(x -> out.add(value(x)));
      return out;
    }
    return v;
  }

  /**
   * Registers a Parquet file as a temporary view, its schema read once (a query on
   * {@code parquet.`file`} infers the schema again, with a Spark job, every time).
   */
  public void registerParquet(String view, java.nio.file.Path file, String... dropColumns) {
    session().read().parquet(file.toString()).drop(dropColumns).createOrReplaceTempView(view);
  }

  /** Same, the rows cached in memory (for many small queries on tiny data). */
  public void registerCachedParquet(String view, java.nio.file.Path file, String... dropColumns) {
    Dataset<Row> df = session().read().parquet(file.toString()).drop(dropColumns).cache();
    df.count();
    df.createOrReplaceTempView(view);
  }

  @Override
  public long execute(String sql) {
    try {
      session().sql(sql).collectAsList();
      return -1;
    } catch (Exception e) {
      throw new MillraceException(ErrorKind.USER, "Cannot run statement: " + e.getMessage(), e);
    }
  }

  @Override
  public String dialect() {
    return "spark";
  }
}
