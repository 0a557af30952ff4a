package io.millrace.spark;

import io.millrace.api.MillraceException;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.spi.Engine;
import io.millrace.api.spi.EngineSession;
import io.millrace.spark.internal.Errors;
import io.millrace.spark.internal.SparkEngineSession;
import io.millrace.spark.internal.SqlTranslator;
import io.millrace.spark.internal.TableNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * The Apache Spark engine: one {@link SparkSession} (master from {@code engine.master}, default
 * {@code local[2]}; extra settings from {@code engine.conf}), bound to 127.0.0.1, web UI off. Each
 * {@link EngineSession} is a {@code newSession()} of it, whose temporary views are its own; the
 * tables and views every session shares (the DuckDB engine's catalog) live in this object and are
 * defined in each session as temporary views when it next runs something. Models are DuckDB SQL
 * (Millrace's reference dialect) rewritten by {@link SqlTranslator}.
 */
public final class SparkEngine implements Engine {
  private final SparkSession root;
  private final Path scratch;
  private final boolean ownsScratch;
  /** Shared tables and views, in definition order; guarded by this. */
  private final Map<String, Definition> shared = new LinkedHashMap<>();
  private long version;

  /** A shared table or view: how a session defines it. */
  public record Definition(String name, Function<SparkSession, Dataset<Row>> dataset, String viewSql) {}

  private SparkEngine(SparkSession root, Path scratch, boolean ownsScratch) {
    this.root = root;
    this.scratch = scratch;
    this.ownsScratch = ownsScratch;
  }

  /**
   * Starts Spark (about 5 s for {@code local[2]}).
   *
   * @param scratchOrNull where staged source copies and output go before being moved; null for a temp folder
   */
  public static SparkEngine open(EngineSpec spec, Path scratchOrNull) {
    EngineSpec es = spec == null ? new EngineSpec("spark", 0, null) : spec;
    String master = es.masterOrDefault();
    if (es.threads() > 0 && master.matches("local\\[(\\d+|\\*)]") && es.master() == null) {
      master = "local[" + es.threads() + "]";
    }
    try {
      Path scratch = scratchOrNull != null ? Files.createDirectories(scratchOrNull.resolve("spark"))
          : Files.createTempDirectory("millrace-spark");
      SparkSession.Builder b = SparkSession.builder()
          .appName("millrace")
          .master(master)
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.sql.timestampType", "TIMESTAMP_NTZ")
          .config("spark.sql.datetime.java8API.enabled", "true")
          // "x" is an identifier, as in DuckDB and in the SQL Millrace generates
          .config("spark.sql.ansi.enabled", "true")
          .config("spark.sql.ansi.doubleQuotedIdentifiers", "true")
          .config("spark.sql.parquet.fieldId.read.enabled", "true")
          .config("spark.sql.parquet.fieldId.write.enabled", "true")
          .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.sql.adaptive.enabled", "true")
          .config("spark.sql.warehouse.dir", scratch.resolve("spark-warehouse").toUri().toString())
          .config("spark.local.dir", scratch.resolve("local").toString())
          .config("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
          .config("spark.hadoop.parquet.enable.summary-metadata", "false");
      if (es.memoryLimit() != null && !es.memoryLimit().isBlank()) {
        b.config("spark.driver.memory", es.memoryLimit());
      }
      es.conf().forEach(b::config);
      SparkSession session = b.getOrCreate();
      session.sparkContext().setLogLevel("ERROR");
      return new SparkEngine(session, scratch, scratchOrNull == null);
    } catch (MillraceException e) {
      throw e;
    } catch (Exception e) {
      throw MillraceException.external(e, "Cannot start Spark (master %s): %s", master, e.getMessage());
    }
  }

  public SparkSession spark() {
    return root;
  }

  public Path scratch() {
    return scratch;
  }

  /** Defines or replaces a shared table or view (a replaced one keeps its place in the order). */
  public synchronized void define(Definition d) {
    shared.put(d.name(), d);
    version++;
  }

  public synchronized void remove(String name) {
    if (shared.remove(name) != null) {
      version++;
    }
  }

  public synchronized long version() {
    return version;
  }

  public synchronized List<Definition> definitions() {
    return new ArrayList<>(shared.values());
  }

  @Override
  public Set<String> referencedTables(String sql) {
    return TableNames.referenced(parse(sql, "parse SQL"));
  }

  @Override
  public boolean isReadOnly(String sql) {
    try {
      return TableNames.isQuery(root.sessionState().sqlParser().parsePlan(SqlTranslator.toSpark(sql)));
    } catch (Exception e) {
      return false;
    }
  }

  private LogicalPlan parse(String sql, String what) {
    try {
      return root.sessionState().sqlParser().parsePlan(SqlTranslator.toSpark(sql));
    } catch (Exception e) {
      throw Errors.of(e, what);
    }
  }

  @Override
  public EngineSession session() {
    return new SparkEngineSession(this, root.newSession());
  }

  @Override
  public void close() {
    root.stop();
    if (ownsScratch) {
      deleteQuietly(scratch);
    }
  }

  static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception ignored) {
      // best effort
    }
  }
}
