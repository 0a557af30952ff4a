package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DECIMAL and HUGEINT stay exact from source to warehouse (issue 8 item 7). */
class DecimalTypesTest {
  private static final String BIG = "12345678901234567.89";
  @TempDir Path dir;

  private Path project(String yaml, String... models) throws Exception {
    Path p = dir.resolve("p");
    Files.createDirectories(p.resolve("models"));
    Files.writeString(p.resolve("millrace.yaml"), yaml);
    for (int i = 0; i < models.length; i += 2) {
      Files.writeString(p.resolve("models").resolve(models[i] + ".sql"), models[i + 1]);
    }
    return p;
  }

  private static CliRun ok(String... args) {
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  private static String sql(Path p, String query) {
    return ok("sql", p.toString(), "--format", "csv", query).out();
  }

  @Test
  void parquetDecimalColumnsLoadExactly() throws Exception {
    // (DuckDB writes HUGEINT to Parquet as DOUBLE, so a Parquet file holds no HUGEINT; see the model test.)
    Path parquet = dir.resolve("amounts.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("COPY (SELECT 1 AS id, " + BIG + "::DECIMAL(20,2) AS amount, "
          + "12345678901234567890123456789012345678::DECIMAL(38,0) AS big, 0.5::DECIMAL(4,1) AS small "
          + "UNION ALL SELECT 2, -0.01, -1, NULL) TO '" + parquet + "' (FORMAT parquet)");
    }
    Path p = project("name: dec\nsources:\n  s: {format: parquet, path: " + parquet + "}\n");
    ok("run", p.toString());

    assertThat(sql(p, "select amount::varchar as a, big::varchar as b, small::varchar as m, typeof(amount) as ta, "
        + "typeof(big) as tb, typeof(small) as tm from s order by id"))
        .isEqualTo("a,b,m,ta,tb,tm\n" + BIG + ",12345678901234567890123456789012345678,0.5,\"DECIMAL(20,2)\",\"DECIMAL(38,0)\","
            + "\"DECIMAL(4,1)\"\n-0.01,-1,,\"DECIMAL(20,2)\",\"DECIMAL(38,0)\",\"DECIMAL(4,1)\"\n");
    assertThat(sql(p, "select sum(amount)::varchar as total from s")).isEqualTo("total\n12345678901234567.88\n");
  }

  @Test
  void aCsvColumnDeclaredDecimalLoadsExactlyAndRejectsExtraScale() throws Exception {
    Path csv = dir.resolve("pay.csv");
    Files.writeString(csv, "id,amount\n1," + BIG + "\n2,1.234\n3,5.10\n4,1e3\n5,123456789012345678901\n");
    Path p = project("name: pay\nsources:\n  s:\n    path: " + csv + "\n    columns:\n      id: integer\n"
        + "      amount: decimal(20,2)\n");
    CliRun run = CliRun.of("run", p.toString());
    assertThat(run.exitCode()).as(run.toString()).isIn(0, 1);

    assertThat(sql(p, "select id, amount::varchar as a, typeof(amount) as t from s order by id"))
        .isEqualTo("id,a,t\n1," + BIG + ",\"DECIMAL(20,2)\"\n3,5.10,\"DECIMAL(20,2)\"\n");
    String rejects = sql(p, "select line, \"column\", reason from s__rejects order by line");
    assertThat(rejects).contains("value '1.234' of column 'amount' is not a number with at most 18 digits "
        + "before the point and 2 after it (decimal(20,2))")
        .contains("value '1e3'").contains("value '123456789012345678901'");
    assertThat(rejects.lines().count()).isEqualTo(4);
  }

  @Test
  void aHugeintModelIsStoredAsDecimal38AndOneTooLargeFailsNamingTheValue() throws Exception {
    Path p = project("name: h\n", "h", "select 123456789012345678901234567890::hugeint as h");
    ok("run", p.toString());
    assertThat(sql(p, "select h::varchar as h, typeof(h) as t from h"))
        .isEqualTo("h,t\n123456789012345678901234567890,\"DECIMAL(38,0)\"\n");

    Files.writeString(p.resolve("models/h.sql"), "select 170141183460469231731687303715884105727::hugeint as h");
    CliRun r = CliRun.of("run", p.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err() + r.out()).contains("170141183460469231731687303715884105727");
  }

  @Test
  void aDecimalModelRoundTripsAndWidensItsPrecision() throws Exception {
    Path p = project("name: m\n", "m", "select " + BIG + "::decimal(20,2) as d");
    ok("run", p.toString());
    assertThat(sql(p, "select d::varchar as d, typeof(d) as t from m")).isEqualTo("d,t\n" + BIG + ",\"DECIMAL(20,2)\"\n");

    Files.writeString(p.resolve("models/m.sql"), "select 123456789012345678901234.56::decimal(30,2) as d");
    ok("run", p.toString());
    assertThat(sql(p, "select d::varchar as d, typeof(d) as t from m"))
        .isEqualTo("d,t\n123456789012345678901234.56,\"DECIMAL(30,2)\"\n");

    Files.writeString(p.resolve("models/m.sql"), "select 1.125::decimal(10,3) as d");
    ok("run", p.toString());
    assertThat(sql(p, "select d::varchar as d, typeof(d) as t from m")).isEqualTo("d,t\n1.125,\"DECIMAL(10,3)\"\n");
  }
}
