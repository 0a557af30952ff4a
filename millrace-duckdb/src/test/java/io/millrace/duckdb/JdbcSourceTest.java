package io.millrace.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.Reject;
import io.millrace.api.spi.SourceLoad;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcSourceTest extends EngineFixture {
  @TempDir Path dir;

  @Test
  void rejectsValuesTheirColumnTypeCannotHoldInsteadOfTruncatingThem() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("app.db");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      // SQLite's dynamic typing lets declared columns hold anything.
      s.execute("create table t (id integer, amount real, flag boolean)");
      s.execute("insert into t values (1, 1.5, 1), (2.5, 2.0, 0), ('abc', 3.0, 1), (4, 'x', 1), "
          + "(5, 5.0, 'maybe'), (9223372036854775807, 6.0, 0)");
    }
    SourceSpec spec = new SourceSpec("t", SourceFormat.JDBC, null, List.of(), true, ",", url,
        "select id, amount, flag from t order by rowid", List.of());

    SourceLoad load = session.loadSource(spec, "t");

    assertThat(load.schema().columns()).containsExactly(new Column("id", LogicalType.BIGINT),
        new Column("amount", LogicalType.DOUBLE), new Column("flag", LogicalType.BOOLEAN));
    assertThat(load.rows()).isEqualTo(2);
    assertThat(load.rejects()).extracting(Reject::line).containsExactly(2L, 3L, 4L, 5L);
    assertThat(load.rejects()).extracting(Reject::column).containsExactly("id", "id", "amount", "flag");
    assertThat(load.rejects().get(0).reason()).isEqualTo("CAST: value '2.5' of column 'id' is not a "
        + "whole number from -9223372036854775808 to 9223372036854775807");
    assertThat(load.rejects().get(0).file()).isEqualTo(url);
    assertThat(load.rejects().get(0).original()).isEqualTo("id=2.5, amount=2.0, flag=0");
    assertThat(session.query("select list(id order by id)::varchar from t").scalar())
        .isEqualTo("[1, 9223372036854775807]");
  }

  @Test
  void readsDecimalColumnsAsExactDecimalsAndRejectsValuesThatDoNotFit() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("money.db");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("create table t (id integer, amount decimal(20,2), n numeric)");
      // SQLite stores these as REAL: each reads as the shortest decimal of its double.
      s.execute("insert into t values (1, 12.34, 1.5), (2, 1234567890123.45, 7), (3, 1.234, 1), "
          + "(4, '123456789012345678901.5', 1), (5, 'abc', 1), (6, -0.5, 0.1), (7, 1, 0.12345678901)");
    }
    SourceSpec spec = new SourceSpec("t", SourceFormat.JDBC, null, List.of(), true, ",", url,
        "select id, amount, n from t order by rowid", List.of());

    SourceLoad load = session.loadSource(spec, "t");

    assertThat(load.schema().columns()).containsExactly(new Column("id", LogicalType.BIGINT),
        Column.decimal("amount", 20, 2), Column.decimal("n", 38, 10));
    assertThat(load.rejects()).extracting(Reject::line).containsExactly(3L, 4L, 5L, 7L);
    assertThat(load.rejects()).extracting(Reject::column).containsExactly("amount", "amount", "amount", "n");
    assertThat(load.rejects().get(0).reason()).isEqualTo("CAST: value '1.234' of column 'amount' is not a "
        + "number with at most 18 digits before the point and 2 after it (decimal(20,2))");
    assertThat(load.rejects().get(1).original()).startsWith("id=4, amount=1.2345678901234568e+20");
    assertThat(session.query("select list(amount order by id)::varchar || ' ' || sum(n)::varchar from t")
        .scalar()).isEqualTo("[12.34, 1234567890123.45, -0.50] 8.6000000000");
    assertThat(session.query("select typeof(amount) from t limit 1").scalar()).isEqualTo("DECIMAL(20,2)");
  }
}
