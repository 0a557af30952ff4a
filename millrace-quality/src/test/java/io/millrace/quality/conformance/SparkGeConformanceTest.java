package io.millrace.quality.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.spi.SqlRunner;
import io.millrace.quality.conformance.GeConformanceTest.CaseResult;
import io.millrace.quality.conformance.GeConformanceTest.Report;
import io.millrace.quality.spark.SparkRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every applicable case of Great Expectations' own test files on Spark, through the quality
 * engine's Spark dialect: each dataset is loaded as {@link GeConformanceTest} loads it (same types
 * and values), written to Parquet with its DuckDB {@code rowid} as an extra column {@code __rowid},
 * and registered as two temporary views (schema read once): {@code tN}, the dataset's own columns,
 * for the table-shape expectations (column lists and counts), and {@code tN_i}, with
 * {@code __rowid} as {@code pk_index}, for all others (DuckDB's {@code rowid} is a pseudo-column
 * that no column listing shows; Spark has none, and its {@code _metadata.row_index} is not visible
 * through a view). Only the files whose path contains
 * {@code -Dmillrace.conformance.only=TEXT} when given (then the threshold is not asserted). Writes
 * {@code conformance/REPORT-spark.md}; fails below {@code conformance/threshold-spark}.
 */
@Tag("spark")
class SparkGeConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(
      com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());

  @Test
  void greatExpectationsCasesPassOnSparkAboveThreshold(@TempDir Path tmp) throws Exception {
    Path dir = GeConformanceTest.conformanceDir();
    Assumptions.assumeTrue(Files.isDirectory(dir),
        "Great Expectations conformance folder absent at " + dir + ": skipping conformance run");
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    SparkRunner spark = new SparkRunner();
    String only = System.getProperty("millrace.conformance.only");
    List<CaseResult> results = new ArrayList<>();
    int tableNo = 0;
    long start = System.nanoTime();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      for (Path f : files) {
        String fileName = dir.relativize(f).toString();
        if (only != null && !fileName.contains(only)) {
          continue;
        }
        Map<?, ?> doc = JSON.readValue(f.toFile(), Map.class);
        String type = String.valueOf(doc.get("expectation_type"));
        System.out.printf("%ds %s%n", (System.nanoTime() - start) / 1_000_000_000L, fileName);
        for (Object dso : (List<?>) doc.get("datasets")) {
          Map<?, ?> ds = (Map<?, ?>) dso;
          String table = "t" + (tableNo++);
          Path parquet = tmp.resolve(table + ".parquet");
          String loadError = null;
          if (ds.get("data") instanceof Map<?, ?> data) {
            try {
              GeConformanceTest.load(duck, table, data, GeConformanceTest.schemaOf(ds));
              try (Statement s = duck.createStatement()) {
                s.execute("COPY (SELECT *, rowid AS __rowid FROM " + table + ") TO '" + parquet + "' (FORMAT parquet)");
              }
              spark.registerCachedParquet(table, parquet, "__rowid");
              spark.registerCachedParquet(table + "_i", parquet);
            } catch (SQLException | RuntimeException e) {
              loadError = e.getMessage();
            }
          } else {
            loadError = "multi-table dataset";
          }
          for (Object to : (List<?>) ds.get("tests")) {
            Map<?, ?> t = (Map<?, ?>) to;
            if (!GeConformanceTest.applicable(t)) {
              continue;
            }
            String title = String.valueOf(t.get("title"));
            if (loadError != null) {
              results.add(new CaseResult(type, fileName, title, false, "dataset not loaded: " + loadError));
              continue;
            }
            boolean shape = type.startsWith("expect_table_") || type.equals("expect_column_to_exist");
            results.add(shape ? GeConformanceTest.runCase(spark, type, fileName, title, table, t, "NULL")
                : GeConformanceTest.runCase(spark, type, fileName, title, table + "_i", t, "__rowid"));
          }
        }
      }
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    Report report = new Report(results, "Spark", "run on Apache Spark 4.1 (`local[2]`, ANSI mode, session time zone"
        + " UTC) through the quality engine's Spark dialect, each dataset loaded as on DuckDB, written to Parquet"
        + " with DuckDB's `rowid` as an extra column `__rowid` and registered as cached temporary views, with"
        + " `result_format: COMPLETE` and `__rowid` as `pk_index` (a view without it for the table-shape"
        + " expectations)", "SparkGeConformanceTest");
    System.out.printf("Spark conformance: %d cases in %d s%n", results.size(), seconds);
    Path module = GeConformanceTest.moduleDir();
    String notes = Files.isRegularFile(module.resolve("conformance/spark-notes.md"))
        ? "\n" + Files.readString(module.resolve("conformance/spark-notes.md")) : "";
    Files.writeString(module.resolve(only == null ? "conformance/REPORT-spark.md" : "target/REPORT-spark-partial.md"),
        report.markdown() + notes);
    if (only != null) {
      return;
    }
    double threshold = Double.parseDouble(Files.readString(module.resolve("conformance/threshold-spark")).trim());
    assertThat(report.implementedRate())
        .as("GE conformance pass rate on Spark of implemented types (see conformance/REPORT-spark.md)")
        .isGreaterThanOrEqualTo(threshold);
  }
}
