package io.millrace.quality.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.MillraceException;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SqlRunner;
import io.millrace.quality.ExpectationConfig;
import io.millrace.quality.ExpectationResult;
import io.millrace.quality.Suite;
import io.millrace.quality.ValidationOptions;
import io.millrace.quality.ValidationResult;
import io.millrace.quality.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs every case of Great Expectations' own expectation test files on DuckDB, writes
 * {@code conformance/REPORT.md} and fails when the pass rate of implemented types drops below
 * {@code conformance/threshold}.
 */
class GeConformanceTest {
  /** Expectation types deliberately not implemented (they compare two tables; no case applies). */
  static final Set<String> LEFT_OUT = Set.of("expect_table_row_count_to_equal_other_table");
  private static final ObjectMapper JSON = new ObjectMapper().enable(
      com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());

  record CaseResult(String type, String file, String title, boolean passed, String reason) {}

  static Path moduleDir() {
    String basedir = System.getProperty("basedir");
    return basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
  }

  /**
   * The Great Expectations test files: {@code -Dmillrace.conformance=DIR}, else the nearest
   * {@code shared/conformance/great-expectations} in a folder above the checkout.
   */
  static Path conformanceDir() {
    String override = System.getProperty("millrace.conformance");
    if (override != null) {
      return Path.of(override);
    }
    Path checkout = moduleDir().toAbsolutePath().getParent();
    for (Path p = checkout.getParent(); p != null; p = p.getParent()) {
      Path dir = p.resolve("shared/conformance/great-expectations");
      if (Files.isDirectory(dir)) {
        return dir;
      }
    }
    return checkout.getParent().resolve("shared/conformance/great-expectations");
  }

  @Test
  void greatExpectationsCasesPassAboveThreshold() throws Exception {
    Path dir = conformanceDir();
    Assumptions.assumeTrue(Files.isDirectory(dir),
        "Great Expectations conformance folder absent at " + dir + ": skipping conformance run");
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    List<CaseResult> results = new ArrayList<>();
    int tableNo = 0;
    try (Connection conn = DriverManager.getConnection("jdbc:duckdb:")) {
      SqlRunner runner = new io.millrace.quality.DuckRunner(conn);
      for (Path f : files) {
        Map<?, ?> doc = JSON.readValue(f.toFile(), Map.class);
        String type = String.valueOf(doc.get("expectation_type"));
        String fileName = dir.relativize(f).toString();
        for (Object dso : (List<?>) doc.get("datasets")) {
          Map<?, ?> ds = (Map<?, ?>) dso;
          String table = "t" + (tableNo++);
          String loadError = null;
          if (ds.get("data") instanceof Map<?, ?> data) {
            try {
              load(conn, table, data, schemaOf(ds));
            } catch (SQLException | RuntimeException e) {
              loadError = e.getMessage();
            }
          } else {
            loadError = "multi-table dataset";
          }
          for (Object to : (List<?>) ds.get("tests")) {
            Map<?, ?> t = (Map<?, ?>) to;
            if (!applicable(t)) {
              continue;
            }
            String title = String.valueOf(t.get("title"));
            if (loadError != null) {
              results.add(new CaseResult(type, fileName, title, false, "dataset not loaded: " + loadError));
              continue;
            }
            results.add(runCase(runner, type, fileName, title, table, t));
          }
        }
      }
    }
    Report report = new Report(results, "DuckDB", "run on DuckDB with `result_format: COMPLETE` and `rowid` as "
        + "`pk_index`", "GeConformanceTest");
    Files.writeString(moduleDir().resolve("conformance/REPORT.md"), report.markdown());
    double threshold = Double.parseDouble(Files.readString(moduleDir().resolve("conformance/threshold")).trim());
    assertThat(report.implementedRate())
        .as("GE conformance pass rate of implemented types (see conformance/REPORT.md)")
        .isGreaterThanOrEqualTo(threshold);
  }

  static boolean applicable(Map<?, ?> t) {
    if (!(t.get("only_for") instanceof List<?> only) || only.isEmpty()) {
      return true;
    }
    return only.stream().anyMatch(b -> Set.of("pandas", "sqlite", "postgresql").contains(String.valueOf(b)));
  }

  static Map<?, ?> schemaOf(Map<?, ?> ds) {
    if (ds.get("schemas") instanceof Map<?, ?> s) {
      if (s.get("postgresql") instanceof Map<?, ?> pg) {
        return pg;
      }
      if (s.get("sqlite") instanceof Map<?, ?> sq) {
        return sq;
      }
    }
    return Map.of();
  }

  static CaseResult runCase(SqlRunner runner, String type, String file, String title, String table, Map<?, ?> t) {
    return runCase(runner, type, file, title, table, t, "rowid");
  }

  /** One case on {@code relation}, with {@code indexExpr} (the engine's row number) as {@code pk_index}. */
  @SuppressWarnings("unchecked")
  static CaseResult runCase(SqlRunner runner, String type, String file, String title, String relation,
                            Map<?, ?> t, String indexExpr) {
    Map<String, Object> kwargs = t.get("in") instanceof Map<?, ?> in ? (Map<String, Object>) in : Map.of();
    Map<String, Object> out = t.get("out") instanceof Map<?, ?> o ? (Map<String, Object>) o : Map.of();
    if (LEFT_OUT.contains(type)) {
      return new CaseResult(type, file, title, false, "type not implemented");
    }
    ValidationOptions opts = ValidationOptions.DEFAULT.withResultFormat("COMPLETE").withIndex(indexExpr, "pk_index");
    ExpectationResult r;
    try {
      ValidationResult vr = new Validator().validate(Suite.of(type, List.of(ExpectationConfig.of(type, kwargs))),
          runner, relation, opts);
      r = vr.results().get(0);
    } catch (MillraceException e) {
      boolean ok = out.containsKey("traceback_substring") || out.isEmpty();
      return new CaseResult(type, file, title, ok, ok ? "" : "bind error: " + e.getMessage());
    }
    if (r.exception() != null) {
      boolean ok = out.containsKey("traceback_substring") || out.isEmpty();
      return new CaseResult(type, file, title, ok, ok ? "" : "exception: " + r.exception().message());
    }
    if (out.containsKey("traceback_substring")) {
      return new CaseResult(type, file, title, false, "expected an exception ('" + out.get("traceback_substring")
          + "'), got success=" + r.success());
    }
    Double tol = t.get("tolerance") instanceof Number n ? n.doubleValue() : null;
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Object> e : out.entrySet()) {
      String key = e.getKey();
      if (key.equals("success")) {
        if (!e.getValue().equals(r.success())) {
          problems.add("success " + r.success() + " != " + e.getValue());
        }
        continue;
      }
      if (key.equals("result") && e.getValue() instanceof Map<?, ?> want) {
        for (Map.Entry<?, ?> w : want.entrySet()) {
          String k = String.valueOf(w.getKey());
          if (r.result().containsKey(k) && !same(w.getValue(), r.result().get(k), tol, k)) {
            problems.add("result." + k + " " + r.result().get(k) + " != " + w.getValue());
          }
        }
        continue;
      }
      Object actual = lookup(r.result(), key);
      if (actual != MISSING && !same(e.getValue(), actual, tol, key)) {
        problems.add(key + " " + actual + " != " + e.getValue());
      }
    }
    return new CaseResult(type, file, title, problems.isEmpty(), String.join("; ", problems));
  }

  private static final Object MISSING = new Object();

  static Object lookup(Map<String, Object> result, String key) {
    if (result.containsKey(key)) {
      return result.get(key);
    }
    if (result.get("details") instanceof Map<?, ?> d && d.containsKey(key)) {
      return d.get(key);
    }
    return MISSING;
  }

  static boolean same(Object want, Object have, Double tol, String key) {
    if (key.equals("unexpected_list") || key.equals("unexpected_index_list")) {
      if (want instanceof List<?> w && have instanceof List<?> h) {
        return sortedCanon(w, tol).equals(sortedCanon(h, tol));
      }
    }
    return equal(want, have, tol);
  }

  static List<String> sortedCanon(List<?> l, Double tol) {
    return l.stream().map(GeConformanceTest::canon).sorted().toList();
  }

  static String canon(Object v) {
    if (v instanceof Map<?, ?> m) {
      TreeMap<String, String> t = new TreeMap<>();
      m.forEach((k, x) -> t.put(String.valueOf(k), canon(x)));
      return t.toString();
    }
    if (v instanceof List<?> l) {
      return l.stream().map(GeConformanceTest::canon).toList().toString();
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
    if (v instanceof String s) {
      String x = s.replace('T', ' ');
      return x.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.0+)?") ? x.substring(0, 19) : s;
    }
    return String.valueOf(v);
  }

  static boolean equal(Object want, Object have, Double tol) {
    if (want instanceof Number w && have instanceof Number h) {
      double eps = tol != null ? tol : 1e-9 * Math.max(1, Math.abs(w.doubleValue()));
      return Math.abs(w.doubleValue() - h.doubleValue()) <= eps;
    }
    if (want instanceof List<?> w && have instanceof List<?> h) {
      if (w.size() != h.size()) {
        return false;
      }
      for (int i = 0; i < w.size(); i++) {
        if (!equal(w.get(i), h.get(i), tol)) {
          return false;
        }
      }
      return true;
    }
    if (want instanceof Map<?, ?> w && have instanceof Map<?, ?> h) {
      for (Map.Entry<?, ?> e : w.entrySet()) {
        if (!h.containsKey(String.valueOf(e.getKey())) || !equal(e.getValue(), h.get(String.valueOf(e.getKey())), tol)) {
          return false;
        }
      }
      return w.size() == h.size();
    }
    return canon(want).equals(canon(have));
  }

  // ---- loading -----------------------------------------------------------------------------------

  static void load(Connection conn, String table, Map<?, ?> data, Map<?, ?> schema) throws SQLException {
    List<String> cols = data.keySet().stream().map(String::valueOf).toList();
    Map<String, String> types = new LinkedHashMap<>();
    for (String c : cols) {
      types.put(c, schema.containsKey(c) ? mapType(String.valueOf(schema.get(c))) : infer((List<?>) data.get(c)));
    }
    StringBuilder ddl = new StringBuilder("CREATE OR REPLACE TABLE " + table + " (");
    for (String c : cols) {
      ddl.append(cols.indexOf(c) == 0 ? "" : ", ").append(ident(c)).append(' ').append(types.get(c));
    }
    ddl.append(')');
    int n = ((List<?>) data.get(cols.get(0))).size();
    try (Statement s = conn.createStatement()) {
      s.execute(ddl.toString());
      if (n == 0) {
        return;
      }
      StringBuilder ins = new StringBuilder("INSERT INTO " + table + " VALUES ");
      for (int i = 0; i < n; i++) {
        ins.append(i == 0 ? "(" : ", (");
        for (int j = 0; j < cols.size(); j++) {
          Object v = ((List<?>) data.get(cols.get(j))).get(i);
          ins.append(j == 0 ? "" : ", ").append(literal(v, types.get(cols.get(j))));
        }
        ins.append(')');
      }
      s.execute(ins.toString());
    }
  }

  static String ident(String c) {
    return '"' + c.replace("\"", "\"\"") + '"';
  }

  static String mapType(String t) {
    String u = t.toUpperCase(Locale.ROOT);
    if (u.equals("INTEGER") || u.equals("INT") || u.equals("SMALLINT")) {
      return "INTEGER";
    }
    if (u.equals("BIGINT")) {
      return "BIGINT";
    }
    if (u.contains("DOUBLE") || u.equals("FLOAT") || u.equals("REAL") || u.startsWith("NUMERIC")
        || u.startsWith("DECIMAL")) {
      return "DOUBLE";
    }
    if (u.startsWith("TIMESTAMP") || u.equals("DATETIME")) {
      return "TIMESTAMP";
    }
    if (u.equals("DATE")) {
      return "DATE";
    }
    if (u.startsWith("BOOL")) {
      return "BOOLEAN";
    }
    return "VARCHAR";
  }

  static String infer(List<?> values) {
    List<?> nn = values.stream().filter(v -> v != null).toList();
    if (values.isEmpty()) {
      return "DOUBLE";
    }
    if (nn.isEmpty()) {
      return "VARCHAR";
    }
    if (nn.stream().allMatch(v -> v instanceof Boolean)) {
      return "BOOLEAN";
    }
    if (nn.stream().allMatch(v -> v instanceof Integer || v instanceof Long)) {
      return "BIGINT";
    }
    if (nn.stream().allMatch(v -> v instanceof Number)) {
      return "DOUBLE";
    }
    return "VARCHAR";
  }

  static String literal(Object v, String type) {
    if (v == null) {
      return "NULL";
    }
    String text;
    if (v instanceof Boolean b) {
      text = type.equals("VARCHAR") ? (b ? "True" : "False") : b.toString();
    } else if (v instanceof Double d && type.equals("VARCHAR")) {
      text = d.toString();
    } else {
      text = v.toString();
    }
    if (type.equals("TIMESTAMP") || type.equals("DATE")) {
      LocalDateTime t = parseTime(text);
      if (t != null) {
        text = type.equals("DATE") ? t.toLocalDate().toString() : t.toString().replace('T', ' ');
      }
    }
    return "CAST('" + text.replace("'", "''") + "' AS " + type + ")";
  }

  static LocalDateTime parseTime(String s) {
    for (String p : List.of("yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "MMM dd yyyy HH:mm:ss", "M/d/yyyy")) {
      try {
        DateTimeFormatter f = DateTimeFormatter.ofPattern(p, Locale.ENGLISH);
        return p.contains("H") ? LocalDateTime.parse(s, f) : LocalDate.parse(s, f).atStartOfDay();
      } catch (RuntimeException e) {
        // next pattern
      }
    }
    try {
      return LocalDate.parse(s).atStartOfDay();
    } catch (RuntimeException e) {
      return null;
    }
  }

  // ---- report ------------------------------------------------------------------------------------

  /**
   * @param engine engine name for the title
   * @param howRun how the cases were run, for the introduction
   * @param generator the test class writing the report
   */
  record Report(List<CaseResult> results, String engine, String howRun, String generator) {
    double implementedRate() {
      List<CaseResult> impl = results.stream().filter(r -> !LEFT_OUT.contains(r.type())).toList();
      return impl.isEmpty() ? 100 : 100.0 * impl.stream().filter(CaseResult::passed).count() / impl.size();
    }

    String markdown() {
      StringBuilder sb = new StringBuilder("# Great Expectations conformance"
          + (engine.equals("DuckDB") ? "" : " on " + engine) + "\n\n");
      List<CaseResult> impl = results.stream().filter(r -> !LEFT_OUT.contains(r.type())).toList();
      long passed = results.stream().filter(CaseResult::passed).count();
      sb.append(String.format("**Overall: %d of %d applicable cases pass (%.1f%%).**%n%n", passed, results.size(),
          100.0 * passed / Math.max(1, results.size())));
      sb.append("Generated by `").append(generator).append("` from the Great Expectations 1.2.0 test files in ")
          .append("`/work/shared/conformance/great-expectations/` (applicable cases: `only_for` absent or naming ")
          .append("pandas, sqlite or postgresql), ").append(howRun).append(".\n\n");
      sb.append(String.format("- Applicable cases: %d, passed %d (%.1f%% overall)%n", results.size(), passed,
          100.0 * passed / Math.max(1, results.size())));
      sb.append(String.format("- Implemented types: %d cases, passed %d (**%.1f%%**)%n", impl.size(),
          impl.stream().filter(CaseResult::passed).count(), implementedRate()));
      sb.append("- Left out (not implemented; no applicable case): ")
          .append(String.join(", ", new java.util.TreeSet<>(LEFT_OUT)))
          .append("\n\n## Pass rate per expectation type\n\n| type | passed | cases | rate |\n|---|---|---|---|\n");
      Map<String, List<CaseResult>> byType = new TreeMap<>();
      results.forEach(r -> byType.computeIfAbsent(r.type(), k -> new ArrayList<>()).add(r));
      byType.forEach((type, rs) -> {
        long p = rs.stream().filter(CaseResult::passed).count();
        sb.append(String.format("| %s%s | %d | %d | %.0f%% |%n", type, LEFT_OUT.contains(type) ? " (left out)" : "",
            p, rs.size(), 100.0 * p / rs.size()));
      });
      sb.append("\n## Failing cases (implemented types)\n\n| file | title | reason |\n|---|---|---|\n");
      impl.stream().filter(r -> !r.passed()).sorted(Comparator.comparing(CaseResult::file))
          .forEach(r -> sb.append("| ").append(r.file()).append(" | ").append(r.title()).append(" | ")
              .append(r.reason().replace("|", "\\|").replace("\n", " ")).append(" |\n"));
      return sb.toString();
    }
  }

}
