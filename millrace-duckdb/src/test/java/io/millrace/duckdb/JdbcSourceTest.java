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
}
