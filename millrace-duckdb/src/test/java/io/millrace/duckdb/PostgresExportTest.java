package io.millrace.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.SourceLoad;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Needs PostgreSQL on 127.0.0.1:5432 (user postgres, db test, trust auth): run with -Pservices. */
@Tag("services")
class PostgresExportTest extends EngineFixture {
  static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  @Test
  void copiesRowsReplacingThenAppendingAndReadsThemBack() throws Exception {
    ExportSpec replace = new ExportSpec("t", ExportSpec.Format.POSTGRES, URL, "millrace_export_test", null);
    ExportSpec append = new ExportSpec("t", ExportSpec.Format.POSTGRES, URL, "millrace_export_test",
        ExportSpec.Mode.APPEND);

    assertThat(session.export(replace, ExportTest.ROWS)).isEqualTo(1234);
    assertThat(session.export(replace, ExportTest.ROWS)).isEqualTo(1234);
    assertThat(session.export(append, ExportTest.ROWS + " limit 6")).isEqualTo(6);

    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("select count(*), sum(id), count(\"the name\"), "
             + "sum(case when even then 1 else 0 end), max(at)::text, min(day)::text from millrace_export_test")) {
      rs.next();
      assertThat(Arrays.asList(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
          rs.getString(6))).containsExactly(1240L, 1233L * 1234 / 2 + 15, 822L + 4, 617L + 3,
          "2024-01-01 10:20:33", "2024-01-01");
    }

    SourceLoad load = session.loadSource(new SourceSpec("pg", SourceFormat.JDBC, null, List.of(), true, null,
        URL, "select id, at, even from millrace_export_test", List.of()), "pg");
    assertThat(load.rows()).isEqualTo(1240);
    assertThat(load.schema().columns()).containsExactly(new Column("id", LogicalType.INTEGER),
        new Column("at", LogicalType.TIMESTAMP), new Column("even", LogicalType.BOOLEAN));
  }

  @Test
  void blobsRoundTripEveryByteValue() throws Exception {
    session.execute("create or replace table bytes as select range::INTEGER as i, "
        + "from_hex(lpad(to_hex(range), 2, '0')) || from_hex('00ff') as b from range(256) "
        + "union all select 256, NULL union all select 257, ''::BLOB");
    ExportSpec export = new ExportSpec("bytes", ExportSpec.Format.POSTGRES, URL, "millrace_blob_test", null);

    assertThat(session.export(export, "select i, b from bytes")).isEqualTo(258);

    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("select i, b from millrace_blob_test order by i")) {
      for (int i = 0; i < 256; i++) {
        rs.next();
        assertThat(rs.getBytes(2)).as("byte %d", i).containsExactly((byte) i, (byte) 0, (byte) 0xff);
      }
      rs.next();
      assertThat(rs.getBytes(2)).isNull();
      rs.next();
      assertThat(rs.getBytes(2)).isEmpty();
    }
  }
}
