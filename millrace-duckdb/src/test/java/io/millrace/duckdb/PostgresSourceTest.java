package io.millrace.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.Reject;
import io.millrace.api.spi.SourceLoad;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Needs PostgreSQL on 127.0.0.1:5432 (user postgres, db test, trust auth): run with -Pservices. */
@Tag("services")
class PostgresSourceTest extends EngineFixture {
  @Test
  void numericColumnsKeepTheirExactDecimalValues() throws Exception {
    try (Connection c = DriverManager.getConnection(PostgresExportTest.URL); Statement s = c.createStatement()) {
      s.execute("drop table if exists millrace_decimal_source");
      s.execute("create table millrace_decimal_source (id int, price numeric(20,2), ratio numeric, whole numeric(38,0))");
      s.execute("insert into millrace_decimal_source values "
          + "(1, 12345678901234567.89, 0.1, 99999999999999999999999999999999999999), "
          + "(2, 0.10, 0.2, -1), "
          + "(3, 1, 0.12345678901, 0), "                       // 11 fraction digits: numeric reads as (38,10)
          + "(4, 2, 123456789012345678901234567890, 0)");      // 30 integer digits: more than 28
    }
    SourceSpec spec = new SourceSpec("pg", SourceFormat.JDBC, null, List.of(), true, null, PostgresExportTest.URL,
        "select id, price, ratio, whole from millrace_decimal_source order by id", List.of());

    SourceLoad load = session.loadSource(spec, "pg");

    assertThat(load.schema().columns()).containsExactly(new Column("id", LogicalType.INTEGER),
        Column.decimal("price", 20, 2), Column.decimal("ratio", 38, 10), Column.decimal("whole", 38, 0));
    assertThat(load.rejects()).extracting(Reject::line).containsExactly(3L, 4L);
    assertThat(load.rejects()).extracting(Reject::column).containsExactly("ratio", "ratio");
    assertThat(session.query("select list(price order by id)::varchar || ' ' || sum(ratio)::varchar || ' ' "
        + "|| max(whole)::varchar from pg").scalar())
        .isEqualTo("[12345678901234567.89, 0.10] 0.3000000000 99999999999999999999999999999999999999");
  }
}
