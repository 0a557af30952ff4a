package io.millrace.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.TableSchema;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.RunRecord;
import io.millrace.api.spi.RunStore;
import io.millrace.core.store.JdbcRunStore;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.TableInfo;
import io.millrace.cli.Main;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.lake.IcebergWarehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples whole (check suites, quarantine, feature views, the training-set and train nodes) on
 * DuckDB and on Spark {@code local[2]}, into separate warehouses, through the CLI
 * ({@code run --engine spark}): every table, the quarantine tables and the training set included,
 * compared row by row, both read back by DuckDB from the Iceberg tables each engine committed; every
 * check result compared (suite verdict, score, and per expectation pass/fail and unexpected counts,
 * read from each run store); the trained model's held-out metrics compared. Then each project runs
 * again on the other engine, which reads the first engine's tables (the incremental model merges into
 * them) and must leave the same rows.
 */
class ExampleParityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void recsysGivesTheSameTablesOnBothEngines() throws Exception {
    parity("recsys", "--var", "users=120", "--var", "products=40", "--var", "transactions=1500");
  }

  @Test
  void salesEtlGivesTheSameTablesOnBothEngines() throws Exception {
    parity("sales-etl", "--var", "rows=3000");
  }

  private void parity(String example, String... vars) throws Exception {
    Path duck = copy(example, dir.resolve("duck"));
    Path spark = copy(example, dir.resolve("spark"));
    run(duck, "duckdb", vars);
    run(spark, "spark", vars);
    Map<String, List<List<Object>>> onDuck = tables(duck.resolve("warehouse"));
    Map<String, List<List<Object>>> onSpark = tables(spark.resolve("warehouse"));
    assertThat(onDuck.keySet()).hasSizeGreaterThan(3);
    same(onSpark, onDuck, "Spark", "DuckDB");
    List<String> duckChecks = checks(duck);
    assertThat(duckChecks).as("check results on DuckDB").isNotEmpty();
    assertThat(checks(spark)).as("check results on Spark vs on DuckDB").isEqualTo(duckChecks);
    assertThat(modelMetrics(spark)).as("held-out metrics of the models trained on Spark vs on DuckDB")
        .isEqualTo(modelMetrics(duck));
    // each engine reads the other's tables: a second run on the other engine leaves the same rows
    run(duck, "spark", vars);
    run(spark, "duckdb", vars);
    Map<String, List<List<Object>>> duckThenSpark = tables(duck.resolve("warehouse"));
    Map<String, List<List<Object>>> sparkThenDuck = tables(spark.resolve("warehouse"));
    same(duckThenSpark, sparkThenDuck, "DuckDB then Spark", "Spark then DuckDB");
    // re-running leaves every table as it was, but the rejects and the quarantine, which each run appends
    onDuck.keySet().removeIf(t -> t.contains("__rejects") || t.contains("__quarantine"));
    duckThenSpark.keySet().removeIf(t -> t.contains("__rejects") || t.contains("__quarantine"));
    same(duckThenSpark, onDuck, "DuckDB then Spark", "DuckDB");
  }

  /**
   * Same tables (names, column names and types), same rows: exact for integers, text, dates and
   * booleans; fractional numbers within 0.01 (a sum of doubles in another order can move a value
   * rounded to cents by one cent).
   */
  private static void same(Map<String, List<List<Object>>> actual, Map<String, List<List<Object>>> expected,
                           String a, String e) {
    assertThat(actual.keySet()).as("tables on %s vs on %s", a, e).isEqualTo(expected.keySet());
    for (String t : expected.keySet()) {
      List<List<Object>> x = actual.get(t);
      List<List<Object>> y = expected.get(t);
      assertThat(x).as("rows of %s on %s vs on %s", t, a, e).hasSameSizeAs(y);
      for (int i = 0; i < y.size(); i++) {
        List<Object> rx = x.get(i);
        List<Object> ry = y.get(i);
        boolean ok = rx.size() == ry.size();
        for (int c = 0; ok && c < ry.size(); c++) {
          Object vx = rx.get(c);
          Object vy = ry.get(c);
          ok = vx instanceof BigDecimal bx && vy instanceof BigDecimal by && (bx.scale() > 0 || by.scale() > 0)
              ? bx.subtract(by).abs().compareTo(new BigDecimal("0.0100001")) <= 0
              : java.util.Objects.equals(vx, vy);
        }
        assertThat(ok).as("table %s row %d on %s %s vs on %s %s", t, i, a, rx, e, ry).isTrue();
      }
    }
  }

  private static void run(Path project, String engine, String... vars) {
    List<String> args = new ArrayList<>(List.of("run", project.toString(), "--engine", engine));
    args.addAll(List.of(vars));
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8);
      System.setOut(p);
      System.setErr(p);
      code = Main.execute(args.toArray(String[]::new));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    assertThat(code).as("run on %s:\n%s", engine, out.toString(StandardCharsets.UTF_8)).isZero();
  }

  /**
   * The latest run's check results, one line per expectation: table, suite, the suite's verdict and
   * score, the expectation (type and arguments), its verdict, element and unexpected counts.
   */
  private static List<String> checks(Path project) throws IOException {
    List<String> out = new ArrayList<>();
    try (RunStore store = JdbcRunStore.open("jdbc:sqlite:" + project.resolve(".millrace/runs.db"))) {
      String name = project.getFileName().toString();
      RunRecord run = store.runs(name, 1).get(0);
      for (CheckRecord c : store.checks(run.runId())) {
        String suite = c.table() + " " + c.suite() + " success=" + c.success() + " score="
            + String.format(java.util.Locale.ROOT, "%.4f", c.score());
        for (JsonNode r : JSON.readTree(c.resultJson()).path("results")) {
          JsonNode cfg = r.path("expectation_config");
          JsonNode result = r.path("result");
          out.add(suite + " | " + cfg.path("type").asText(cfg.path("expectation_type").asText()) + " "
              + cfg.path("kwargs") + " success=" + r.path("success").asText() + " elements="
              + result.path("element_count").asText("-") + " unexpected=" + result.path("unexpected_count").asText("-")
              + " missing=" + result.path("missing_count").asText("-"));
        }
      }
    }
    out.sort(null);
    return out;
  }

  /** Each trained model version's held-out metrics (metrics.json), by version directory. */
  private static Map<String, String> modelMetrics(Path project) throws IOException {
    Map<String, String> out = new java.util.TreeMap<>();
    Path models = project.resolve(".millrace/models");
    if (!Files.isDirectory(models)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(models)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (p.getFileName().toString().equals("metrics.json")) {
          out.put(models.relativize(p).toString(), roundedJson(JSON.readTree(p.toFile())));
        }
      }
    }
    return out;
  }

  /** JSON text with numbers to 6 significant digits (sums of doubles in another order differ in the last bits). */
  private static String roundedJson(JsonNode n) {
    if (n.isNumber()) {
      return new BigDecimal(n.asText()).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
    if (n.isObject()) {
      StringBuilder b = new StringBuilder("{");
      n.fields().forEachRemaining(e -> b.append(e.getKey()).append(':').append(roundedJson(e.getValue())).append(','));
      return b.append('}').toString();
    }
    if (n.isArray()) {
      StringBuilder b = new StringBuilder("[");
      n.forEach(x -> b.append(roundedJson(x)).append(','));
      return b.append(']').toString();
    }
    return n.toString();
  }

  /** Every table's rows, read by DuckDB from the warehouse, normalized and sorted. */
  private static Map<String, List<List<Object>>> tables(Path warehouse) {
    Map<String, List<List<Object>>> out = new java.util.TreeMap<>();
    try (IcebergWarehouse wh = IcebergWarehouse.open(warehouse);
         DuckDbEngine engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
         EngineSession s = engine.session()) {
      for (TableInfo info : wh.tables()) {
        String t = info.name();
        TableSchema schema = wh.schema(t).orElseThrow();
        s.registerTable("t", schema, wh.files(t), wh.fieldIds(t, schema));
        List<String> cols = new ArrayList<>();
        for (var c : schema.columns()) {
          // run ids differ between runs; reject reasons are each engine's own wording
          if (!c.name().equals("run_id") && !(t.endsWith("__rejects") && c.name().equals("reason"))) {
            cols.add(c.name());
          }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> r : s.query("SELECT " + String.join(", ", cols.stream().map(c -> "\"" + c + "\"").toList())
            + " FROM t").rows()) {
          // file paths (rejects) name each project's own folder
          String root = warehouse.getParent().toString();
          rows.add(r.stream().map(v -> v instanceof String str ? str.replace(root, "<project>") : normal(v)).toList());
        }
        // sorted by the row's text with fractional numbers to 4 significant digits (near-ties stay in place)
        rows.sort(java.util.Comparator.comparing(ExampleParityTest::sortKey));
        out.put(t + " " + schema.columns().stream().filter(c -> cols.contains(c.name())).map(c -> c.name() + ":" + c.typeName()).toList(), rows);
        s.drop("t");
      }
    }
    return out;
  }

  /** Numbers by value (fractional ones to 12 significant digits), the rest as text. */
  static Object normal(Object v) {
    if (v instanceof Number n) {
      BigDecimal b = new BigDecimal(n.toString()).round(new MathContext(12)).stripTrailingZeros();
      return b.scale() < 0 ? b.setScale(0) : b;
    }
    return v == null ? null : String.valueOf(v);
  }

  private static String sortKey(List<Object> row) {
    StringBuilder b = new StringBuilder();
    for (Object v : row) {
      b.append(v instanceof BigDecimal d && d.scale() > 0 ? d.round(new MathContext(4)).toPlainString() : String.valueOf(v)).append('|');
    }
    return b.toString();
  }

  /** The example as it is, without data or state. */
  private static Path copy(String example, Path into) throws IOException {
    Path src = Path.of("..", "examples", example).toAbsolutePath().normalize();
    Path dst = into.resolve(example);
    Set<String> skip = new TreeSet<>(List.of("data", "warehouse", ".millrace"));
    try (Stream<Path> files = Files.walk(src)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path rel = src.relativize(p);
        if (rel.getNameCount() > 0 && skip.contains(rel.getName(0).toString())) {
          continue;
        }
        Path target = dst.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return dst;
  }
}
