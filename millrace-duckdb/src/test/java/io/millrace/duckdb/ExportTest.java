package io.millrace.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.Column;
import io.millrace.api.ErrorKind;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.SourceLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportTest extends EngineFixture {
  static final String ROWS = "select i::integer as id, i * 2.5 as amount, "
      + "case when i % 3 = 0 then null else 'n' || i end as \"the name\", "
      + "date '2024-01-01' + i::integer as day, timestamp '2024-01-01 10:00:00' + to_seconds(i) as at, "
      + "i % 2 = 0 as even from range(1234) t(i)";

  @TempDir Path dir;

  @Test
  void exportsParquetAndCsvWithHeader() throws Exception {
    Path parquet = dir.resolve("a/b/out.parquet");
    Path csv = dir.resolve("c/out.csv");

    long p = session.export(new ExportSpec("t", ExportSpec.Format.PARQUET, parquet.toString(), null, null), ROWS);
    long c = session.export(new ExportSpec("t", ExportSpec.Format.CSV, csv.toString(), null, null), ROWS);

    assertThat(p).isEqualTo(1234);
    assertThat(c).isEqualTo(1234);
    assertThat(session.query("select count(*), sum(id) from '" + parquet + "'").rows())
        .containsExactly(List.of(1234L, java.math.BigInteger.valueOf(1233L * 1234 / 2)));
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(1235);
    assertThat(lines.get(0)).isEqualTo("id,amount,the name,day,at,even");
  }

  @Test
  void appendsToParquetAndCsvFilesWithoutASecondHeader() throws Exception {
    Path parquet = dir.resolve("p.parquet");
    Path csv = dir.resolve("p.csv");
    for (ExportSpec.Format f : new ExportSpec.Format[] {ExportSpec.Format.PARQUET, ExportSpec.Format.CSV}) {
      String target = (f == ExportSpec.Format.PARQUET ? parquet : csv).toString();
      assertThat(session.export(new ExportSpec("t", f, target, null, ExportSpec.Mode.APPEND), ROWS + " limit 10"))
          .isEqualTo(10);
      assertThat(session.export(new ExportSpec("t", f, target, null, ExportSpec.Mode.APPEND), ROWS + " limit 4"))
          .isEqualTo(4);
    }
    assertThat(session.query("select count(*), count(distinct id) from '" + parquet + "'").rows())
        .containsExactly(List.of(14L, 10L));
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(15);
    assertThat(lines.stream().filter(l -> l.startsWith("id,"))).hasSize(1);
    assertThat(session.export(new ExportSpec("t", ExportSpec.Format.CSV, csv.toString(), null, ExportSpec.Mode.REPLACE),
        ROWS + " limit 2")).isEqualTo(2);
    assertThat(Files.readAllLines(csv)).hasSize(3);
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains("millrace-tmp"));
    }
  }

  @Test
  void sqliteDatesAreTheTextOfDuckDbsCastForEveryYear() throws Exception {
    Path db = dir.resolve("dates.sqlite");
    String dates = "select n, d from (values (1, date '0001-01-01'), (2, date '1969-12-31'), (3, date '1970-01-01'), "
        + "(4, date '2024-02-29'), (5, date '9999-12-31'), (6, null), (7, date '10000-01-01'), "
        + "(8, date '0044-03-15 (BC)'), (9, date 'infinity'), (10, date '-infinity'), (11, date '0001-01-01' - 1)) t(n, d)";
    ExportSpec replace = new ExportSpec("t", ExportSpec.Format.SQLITE, db.toString(), "dates", ExportSpec.Mode.REPLACE);

    assertThat(session.export(replace, dates)).isEqualTo(11);
    List<List<Object>> expected = new ArrayList<>();
    for (List<Object> row : session.query("select n::bigint, cast(d as varchar) from (" + dates + ") order by n").rows()) {
      expected.add(Arrays.asList(row.get(0), row.get(1)));
    }
    assertThat(expected.get(3)).containsExactly(4L, "2024-02-29");
    assertThat(expected.get(5)).containsExactly(6L, null);
    assertThat(sqlite(db, "select n, d from dates order by n")).containsExactlyElementsOf(expected);
  }

  @Test
  void exportsToSqliteReplacingThenAppending() throws Exception {
    Path db = dir.resolve("out/sales.sqlite");
    ExportSpec replace = new ExportSpec("t", ExportSpec.Format.SQLITE, db.toString(), "sales", ExportSpec.Mode.REPLACE);
    ExportSpec append = new ExportSpec("t", ExportSpec.Format.SQLITE, db.toString(), "sales", ExportSpec.Mode.APPEND);

    assertThat(session.export(replace, ROWS)).isEqualTo(1234);
    assertThat(session.export(replace, ROWS)).isEqualTo(1234);
    assertThat(sqlite(db, "select count(*), sum(id), count(\"the name\"), sum(even) from sales"))
        .containsExactly(Arrays.asList(1234L, 1233L * 1234 / 2, 822L, 617L));
    assertThat(sqlite(db, "select id, amount, \"the name\", day, at from sales where id = 7"))
        .containsExactly(Arrays.asList(7L, 17.5, "n7", "2024-01-08", "2024-01-01 10:00:07"));

    assertThat(session.export(append, ROWS + " limit 6")).isEqualTo(6);
    assertThat(sqlite(db, "select count(*) from sales")).containsExactly(List.of(1240L));
    assertThat(sqlite(db, "select type from pragma_table_info('sales') order by cid"))
        .containsExactly(List.of("INTEGER"), List.of("REAL"), List.of("TEXT"), List.of("TEXT"),
            List.of("TEXT"), List.of("INTEGER"));
  }

  @Test
  void aNewSqliteFileGetsLargePagesAndAnExistingOneKeepsItsOwn() throws Exception {
    Path fresh = dir.resolve("fresh.sqlite");
    ExportSpec toFresh = new ExportSpec("t", ExportSpec.Format.SQLITE, fresh.toString(), "sales", ExportSpec.Mode.REPLACE);
    assertThat(session.export(toFresh, ROWS)).isEqualTo(1234);
    assertThat(sqlite(fresh, "pragma page_size")).containsExactly(List.of(16384L));

    Path old = dir.resolve("old.sqlite");   // written by someone else, with SQLite's default pages
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old); Statement s = c.createStatement()) {
      s.execute("create table other (a integer)");
      s.execute("insert into other values (1), (2)");
    }
    long pageSize = (Long) sqlite(old, "pragma page_size").get(0).get(0);
    assertThat(pageSize).isNotEqualTo(16384L);
    ExportSpec toOld = new ExportSpec("t", ExportSpec.Format.SQLITE, old.toString(), "sales", ExportSpec.Mode.REPLACE);
    assertThat(session.export(toOld, ROWS)).isEqualTo(1234);
    assertThat(session.export(toOld, ROWS)).isEqualTo(1234);
    assertThat(sqlite(old, "pragma page_size")).containsExactly(List.of(pageSize));
    assertThat(sqlite(old, "select count(*), sum(id) from sales")).containsExactly(List.of(1234L, 1233L * 1234 / 2));
    assertThat(sqlite(old, "select sum(a) from other")).containsExactly(List.of(3L));
    assertThat(sqlite(old, "pragma integrity_check")).containsExactly(List.of("ok"));
  }

  @Test
  void loadsAJdbcSourceFromSqlite() throws Exception {
    Path db = dir.resolve("src.sqlite");
    session.export(new ExportSpec("t", ExportSpec.Format.SQLITE, db.toString(), "things", null), ROWS);
    SourceSpec spec = new SourceSpec("things", SourceFormat.JDBC, null, List.of(), true, null,
        "jdbc:sqlite:" + db, "select id, amount, \"the name\" from things", List.of());

    SourceLoad load = session.loadSource(spec, "things");

    assertThat(load.rows()).isEqualTo(1234);
    assertThat(load.schema().columns()).containsExactly(new Column("id", LogicalType.BIGINT),
        new Column("amount", LogicalType.DOUBLE), new Column("the name", LogicalType.VARCHAR));
    assertThat(session.query("select sum(amount), count(\"the name\") from things").rows())
        .containsExactly(List.of(1233 * 1234 / 2 * 2.5, 822L));
  }

  @Test
  void failsExternallyWithTheMaskedUrlWhenTheSourceDatabaseIsDown() {
    SourceSpec spec = new SourceSpec("remote", SourceFormat.JDBC, null, List.of(), true, null,
        "jdbc:postgresql://127.0.0.1:1/test?user=u&password=s3cret", "select 1", List.of());

    assertThatThrownBy(() -> session.loadSource(spec, "remote"))
        .isInstanceOf(MillraceException.class)
        .hasMessageStartingWith("Cannot read source 'remote' from jdbc:postgresql://127.0.0.1:1/test?user=u&password=***")
        .hasMessageNotContaining("s3cret")
        .satisfies(e -> assertThat(((MillraceException) e).kind()).isEqualTo(ErrorKind.EXTERNAL));
  }

  static List<List<Object>> sqlite(Path db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          Object v = rs.getObject(i);
          row.add(v instanceof Integer n ? Long.valueOf(n) : v);
        }
        rows.add(row);
      }
      return rows;
    }
  }

  @Test
  void aSqliteExportFailingMidwayLeavesTheTargetAsItWas() throws Exception {
    Path db = dir.resolve("kept.sqlite");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("create table sales (id INTEGER NOT NULL, amount REAL, \"the name\" TEXT, day TEXT, at TEXT, even INTEGER)");
      s.execute("insert into sales values (1, 2.5, 'a', '2024-01-02', null, 0), (2, 5.0, 'b', '2024-01-03', null, 1)");
    }
    // SQLite refuses a row well past the first batches (the writer thread fails) ...
    String nullAt700 = "select case when id = 700 then null else id end as id, amount, \"the name\", day, \"at\", even from ("
        + ROWS + ") r";
    assertThatThrownBy(() -> session.export(
        new ExportSpec("t", ExportSpec.Format.SQLITE, db.toString(), "sales", ExportSpec.Mode.APPEND), nullAt700))
        .isInstanceOf(MillraceException.class).hasMessageContaining("NOT NULL constraint failed: sales.id");
    // ... or DuckDB fails while streaming rows (the reading thread fails) after a replace dropped the table
    String failsLate = "select i::bigint as id, case when i = 90000 then error('boom at 90000') else 1.5 end as amount "
        + "from range(100000) t(i)";
    assertThatThrownBy(() -> session.export(
        new ExportSpec("t", ExportSpec.Format.SQLITE, db.toString(), "sales", ExportSpec.Mode.REPLACE), failsLate))
        .isInstanceOf(MillraceException.class).hasMessageContaining("boom at 90000");

    assertThat(sqlite(db, "select id, amount, \"the name\" from sales order by id"))
        .containsExactly(Arrays.asList(1L, 2.5, "a"), Arrays.asList(2L, 5.0, "b"));
    assertThat(sqlite(db, "select type from pragma_table_info('sales') order by cid")).hasSize(6);
    assertThat(dir.resolve("kept.sqlite-journal")).doesNotExist();
  }

  @Test
  void anUnwritableTargetFailsAsTheUsersNamingTheExportAndPathAndKeepsEarlierExports() throws Exception {
    session.execute("create table t_rows as " + ROWS);
    Path good = dir.resolve("good.csv");
    session.export(new ExportSpec("t", ExportSpec.Format.CSV, good.toString(), null, null), ROWS);
    Files.writeString(dir.resolve("blocker"), "a file, not a folder");
    Files.createDirectories(dir.resolve("folder.csv"));
    String blocked = dir.resolve("blocker/out.csv").toString();

    for (ExportSpec bad : List.of(new ExportSpec("t", ExportSpec.Format.CSV, blocked, null, null),
        new ExportSpec("t", ExportSpec.Format.PARQUET, dir.resolve("blocker/out.parquet").toString(), null, null),
        new ExportSpec("t", ExportSpec.Format.SQLITE, dir.resolve("blocker/out.db").toString(), "t", null),
        new ExportSpec("t", ExportSpec.Format.CSV, dir.resolve("folder.csv").toString(), null, ExportSpec.Mode.APPEND))) {
      assertThatThrownBy(() -> session.export(bad, ROWS))
          .isInstanceOfSatisfying(MillraceException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.USER);
            assertThat(e.getMessage()).startsWith("Cannot export table 't' to ").contains(dir.toString());
            assertThat(e.getMessage()).containsAnyOf(dir.resolve("blocker") + " is a file, where a folder is expected",
                dir.resolve("folder.csv") + " is a folder, where a file is expected");
          });
    }
    assertThat(Files.readAllLines(good)).hasSize(1235);
    assertThat(Files.readString(dir.resolve("blocker"))).isEqualTo("a file, not a folder");
    assertThat(session.query("select count(*) from t_rows").scalar()).isEqualTo(1234L);
  }
}
