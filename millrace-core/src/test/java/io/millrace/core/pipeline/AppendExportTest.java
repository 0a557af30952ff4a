package io.millrace.core.pipeline;

import static io.millrace.api.project.Materialization.INCREMENTAL;
import static io.millrace.api.project.Materialization.TABLE;
import static io.millrace.core.pipeline.Fixture.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.project.ExportSpec;
import io.millrace.core.plan.Plan;
import io.millrace.core.schedule.Interval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An APPEND export sends what the run added (the interval's rows), idempotently per interval: two
 * backfills of the same two hours leave each row once in the target.
 */
class AppendExportTest {
  private static final String HOURLY = "SELECT i AS x, CAST('${data_interval_start}' AS TIMESTAMP) AS h "
      + "FROM range(3) t(i)";
  private static final Interval H1 = new Interval(LocalDateTime.of(2025, 1, 1, 0, 0), LocalDateTime.of(2025, 1, 1, 1, 0));
  private static final Interval H2 = new Interval(LocalDateTime.of(2025, 1, 1, 1, 0), LocalDateTime.of(2025, 1, 1, 2, 0));

  @TempDir Path dir;
  Fixture fx;

  @BeforeEach
  void setUp() {
    fx = new Fixture(dir);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private void backfillTwiceTheSameTwoHours(Plan plan) {
    for (int round = 0; round < 2; round++) {
      for (Interval h : List.of(H1, H2)) {
        RunSummary s = fx.runner().runInterval(plan, h);
        assertThat(s.succeeded()).as(s.toString()).isTrue();
      }
    }
  }

  @Test
  void appendsEachIntervalsRowsOnceToSqlite() throws Exception {
    Path db = dir.resolve("out.sqlite");
    Plan plan = fx.plan(model("events", HOURLY, INCREMENTAL, List.of()), model("keyed", HOURLY.replace("i AS x",
        "i + hour(CAST('${data_interval_start}' AS TIMESTAMP)) * 10 AS x"), INCREMENTAL, List.of("x")),
        Fixture.export(0, new ExportSpec("events", ExportSpec.Format.SQLITE, db.toString(), null, ExportSpec.Mode.APPEND)),
        Fixture.export(1, new ExportSpec("keyed", ExportSpec.Format.SQLITE, db.toString(), null, ExportSpec.Mode.APPEND)));
    backfillTwiceTheSameTwoHours(plan);
    assertThat(fx.rows("events", "h, x")).hasSize(6);
    String url = "jdbc:sqlite:" + db;
    assertThat(count(url, "SELECT count(*) FROM events")).isEqualTo(6);
    assertThat(count(url, "SELECT count(DISTINCT x || '@' || h) FROM events")).isEqualTo(6);
    assertThat(count(url, "SELECT count(DISTINCT millrace_interval) FROM events")).isEqualTo(2);
    // a merged table exports the rows its interval upserted, not the whole table
    assertThat(count(url, "SELECT count(*) FROM keyed")).isEqualTo(6);
    assertThat(count(url, "SELECT count(DISTINCT x) FROM keyed")).isEqualTo(6);
  }

  @Test
  void appendsEachIntervalsRowsOnceToCsvAndParquetFiles() throws Exception {
    Path csv = dir.resolve("out/events.csv");
    Path parquet = dir.resolve("out/events.parquet");
    Plan plan = fx.plan(model("events", HOURLY, INCREMENTAL, List.of()),
        Fixture.export(0, new ExportSpec("events", ExportSpec.Format.CSV, csv.toString(), null, ExportSpec.Mode.APPEND)),
        Fixture.export(1, new ExportSpec("events", ExportSpec.Format.PARQUET, parquet.toString(), null,
            ExportSpec.Mode.APPEND)));
    backfillTwiceTheSameTwoHours(plan);
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("x,h,millrace_interval");
    assertThat(lines.subList(1, lines.size())).hasSize(6).doesNotHaveDuplicates();
    try (var s = fx.engine.session()) {
      assertThat(s.query("SELECT count(*), count(DISTINCT (x, h)) FROM read_parquet('" + parquet + "')").rows())
          .containsExactly(List.of(6L, 6L));
    }
  }

  @Test
  void aTableRebuiltEachRunAppendsAllItsRowsOncePerInterval() throws Exception {
    Path db = dir.resolve("full.sqlite");
    Plan plan = fx.plan(model("snapshot", "SELECT 1 AS a UNION ALL SELECT 2", TABLE, List.of()),
        Fixture.export(0, new ExportSpec("snapshot", ExportSpec.Format.SQLITE, db.toString(), null,
            ExportSpec.Mode.APPEND)));
    backfillTwiceTheSameTwoHours(plan);
    assertThat(count("jdbc:sqlite:" + db, "SELECT count(*) FROM snapshot")).isEqualTo(4);   // 2 rows x 2 hours
  }

  @Test
  @Tag("services")
  void appendsEachIntervalsRowsOnceToPostgres() throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    String table = "append_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Plan plan = fx.plan(model("events", HOURLY, INCREMENTAL, List.of()),
        Fixture.export(0, new ExportSpec("events", ExportSpec.Format.POSTGRES, url, table, ExportSpec.Mode.APPEND)));
    try {
      backfillTwiceTheSameTwoHours(plan);
      assertThat(count(url, "SELECT count(*) FROM " + table)).isEqualTo(6);
      assertThat(count(url, "SELECT count(DISTINCT (x, h)) FROM " + table)).isEqualTo(6);
    } finally {
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  private static long count(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
