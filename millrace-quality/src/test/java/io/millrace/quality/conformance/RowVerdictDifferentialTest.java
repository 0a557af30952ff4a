package io.millrace.quality.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.CheckSpec.OnFail;
import io.millrace.api.project.CheckSpec.Severity;
import io.millrace.api.spi.MetricHistory;
import io.millrace.quality.DuckRunner;
import io.millrace.quality.ExpectationConfig;
import io.millrace.quality.RecordFailure;
import io.millrace.quality.RecordValidator;
import io.millrace.quality.Suite;
import io.millrace.quality.internal.BoundExpectation;
import io.millrace.quality.internal.Check;
import io.millrace.quality.internal.ColumnTypes;
import io.millrace.quality.internal.ResultFormat;
import io.millrace.quality.internal.SuiteBinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Per-row verdicts of every row-local expectation case of Great Expectations' test files, computed
 * twice on the same rows: by DuckDB on the SQL the batch path runs ({@code failSql}), and by
 * {@link RecordValidator#check} in Java on the rows read back from DuckDB. They must be identical.
 */
class RowVerdictDifferentialTest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(
      com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());

  @Test
  void sqlAndJavaAgreeOnEveryRowOfEveryRowLocalCase() throws Exception {
    Path dir = GeConformanceTest.conformanceDir();
    Assumptions.assumeTrue(Files.isDirectory(dir), "Great Expectations conformance folder absent at " + dir);
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    int cases = 0;
    int rows = 0;
    int failingRows = 0;
    int notRowLocal = 0;
    int notBound = 0;
    Map<String, Integer> perType = new TreeMap<>();
    List<String> mismatches = new ArrayList<>();
    int tableNo = 0;
    try (Connection conn = DriverManager.getConnection("jdbc:duckdb:")) {
      DuckRunner runner = new DuckRunner(conn);
      for (Path f : files) {
        Map<?, ?> doc = JSON.readValue(f.toFile(), Map.class);
        String type = String.valueOf(doc.get("expectation_type"));
        for (Object dso : (List<?>) doc.get("datasets")) {
          Map<?, ?> ds = (Map<?, ?>) dso;
          if (!(ds.get("data") instanceof Map<?, ?> data)) {
            continue;
          }
          String table = "d" + (tableNo++);
          try {
            GeConformanceTest.load(conn, table, data, GeConformanceTest.schemaOf(ds));
          } catch (Exception e) {
            continue;
          }
          ColumnTypes engine = describe(runner, table);
          TableSchema schema = schema(engine);
          List<Map<String, Object>> records = records(conn, table);
          for (Object to : (List<?>) ds.get("tests")) {
            Map<?, ?> t = (Map<?, ?>) to;
            if (!GeConformanceTest.applicable(t)) {
              continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> kwargs = new LinkedHashMap<>(t.get("in") instanceof Map<?, ?> in
                ? (Map<String, Object>) in : Map.of());
            kwargs.remove("mostly"); // judged row by row; mostly only changes the verdict on the whole
            kwargs.remove("catch_exceptions");
            Suite suite = Suite.of(type, List.of(ExpectationConfig.of(type, kwargs)));
            Check.Map_ m;
            RecordValidator v;
            try {
              List<BoundExpectation> b = SuiteBinder.bind(suite, engine, table, null, null, MetricHistory.EMPTY,
                  Severity.ERROR, OnFail.FAIL, ResultFormat.SUMMARY);
              if (!(b.get(0).check() instanceof Check.Map_ mm) || mm.row() == null) {
                notRowLocal++;
                continue;
              }
              m = mm;
              v = RecordValidator.compile(suite, schema);
            } catch (MillraceException e) {
              notBound++;
              continue;
            }
            List<Object> sql = sqlVerdicts(conn, table, m.failSql(), records.size());
            cases++;
            perType.merge(type, 1, Integer::sum);
            for (int r = 0; r < records.size(); r++) {
              List<RecordFailure> fails = v.check(records.get(r));
              Object java = fails.stream().anyMatch(x -> x.reason().startsWith("cannot evaluate")) ? "error"
                  : !fails.isEmpty();
              rows++;
              if (Boolean.TRUE.equals(java)) {
                failingRows++;
              }
              if (!java.equals(sql.get(r))) {
                mismatches.add(type + " " + f.getFileName() + " '" + t.get("title") + "' row " + r + " "
                    + records.get(r) + ": SQL " + sql.get(r) + ", Java " + java + " " + fails + " [" + m.failSql() + "]");
              }
            }
          }
        }
      }
    }
    System.out.printf("row verdict differential: %d row-local cases (%d types), %d row verdicts (%d failing), "
        + "%d mismatches; %d cases not row-local, %d not bindable%n", cases, perType.size(), rows, failingRows,
        mismatches.size(), notRowLocal, notBound);
    assertThat(mismatches).isEmpty();
    assertThat(cases).isGreaterThan(200);
    assertThat(perType).containsKeys("expect_column_values_to_match_regex", "expect_column_values_to_be_between",
        "expect_column_values_to_match_strftime_format", "expect_column_value_lengths_to_be_between",
        "expect_column_values_to_match_json_schema", "expect_column_pair_values_to_be_equal",
        "expect_column_values_to_be_dateutil_parseable", "expect_column_values_to_match_like_pattern");
  }

  private static ColumnTypes describe(DuckRunner runner, String table) {
    Map<String, String> types = new LinkedHashMap<>();
    for (List<Object> row : runner.query("DESCRIBE " + table).rows()) {
      types.put(String.valueOf(row.get(0)), String.valueOf(row.get(1)));
    }
    return new ColumnTypes(types);
  }

  private static TableSchema schema(ColumnTypes engine) {
    List<Column> cols = new ArrayList<>();
    engine.logical().forEach((n, t) -> cols.add(new Column(n, t)));
    return new TableSchema(cols);
  }

  private static List<Map<String, Object>> records(Connection conn, String table) throws Exception {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Statement s = conn.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM " + table + " ORDER BY rowid")) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
          Object v = r.getObject(i);
          if (v instanceof java.sql.Timestamp ts) {
            v = ts.toLocalDateTime();
          } else if (v instanceof java.sql.Date d) {
            v = d.toLocalDate();
          } else if (v instanceof OffsetDateTime o) {
            v = o.toInstant();
          }
          row.put(r.getMetaData().getColumnLabel(i), v);
        }
        out.add(row);
      }
    }
    return out;
  }

  /** The SQL verdict per row: TRUE/FALSE, or "error" where the engine fails on that row. */
  private static List<Object> sqlVerdicts(Connection conn, String table, String failSql, int n) {
    List<Object> out = new ArrayList<>();
    try (Statement s = conn.createStatement();
         ResultSet r = s.executeQuery("SELECT " + failSql + " FROM " + table + " ORDER BY rowid")) {
      while (r.next()) {
        out.add(r.getBoolean(1));
      }
      return out;
    } catch (Exception whole) {
      out.clear();
      for (int i = 0; i < n; i++) {
        try (Statement s = conn.createStatement();
             ResultSet r = s.executeQuery("SELECT " + failSql + " FROM (SELECT * FROM " + table
                 + " ORDER BY rowid LIMIT 1 OFFSET " + i + ")")) {
          r.next();
          out.add(r.getBoolean(1));
        } catch (Exception e) {
          out.add("error");
        }
      }
      return out;
    }
  }
}
