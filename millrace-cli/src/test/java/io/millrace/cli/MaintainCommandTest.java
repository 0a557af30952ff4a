package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 point 4: `millrace maintain` compacts small files and expires snapshots on a real warehouse. */
class MaintainCommandTest {
  @TempDir Path tmp;

  private static CliRun ok(String... args) {
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  private static Path project(Path dir, String yaml) throws IOException {
    Files.createDirectories(dir.resolve("models"));
    Files.writeString(dir.resolve("millrace.yaml"), yaml);
    Files.writeString(dir.resolve("models/events.sql"), "select ${n}::INTEGER as i, 'e' || ${n} as name");
    return dir;
  }

  private static long dataFiles(Path table) throws IOException {
    try (Stream<Path> files = Files.list(table.resolve("data"))) {
      return files.filter(f -> f.toString().endsWith(".parquet")).count();
    }
  }

  /** Six runs of an incremental model: six small files and six snapshots. */
  private static void sixRuns(Path p) {
    for (int n = 1; n <= 6; n++) {
      ok("run", p.toString(), "--var", "n=" + n);
    }
  }

  private static String sum(Path p) {
    return ok("sql", p.toString(), "--format", "csv", "select count(*), sum(i), string_agg(name, ',' order by i) from events").out();
  }

  @Test
  void compactsSmallFilesIntoOneAndExpiresOldSnapshots() throws Exception {
    Path p = project(tmp.resolve("p"), "name: m\nvars: {n: '0'}\nmodels:\n  events: {materialized: incremental}\n");
    sixRuns(p);
    String before = sum(p);
    assertThat(before).endsWith("\n6,21,\"e1,e2,e3,e4,e5,e6\"\n");
    assertThat(dataFiles(p.resolve("warehouse/events"))).isEqualTo(6);

    // without --compact and with the default retention (7 days) nothing is due
    CliRun idle = ok("maintain", p.toString());
    assertThat(idle.out()).contains("0 small file(s) merged, 0 snapshot(s) expired");

    CliRun r = ok("maintain", p.toString(), "--compact", "--expire-older-than", "0", "--retain-last", "1");
    assertThat(r.out()).contains("events").contains("6 -> 1").contains("6 small file(s) merged, 6 snapshot(s) expired");
    assertThat(sum(p)).isEqualTo(before);
    assertThat(dataFiles(p.resolve("warehouse/events"))).isEqualTo(1);

    // the table keeps working: the next run appends to the compacted table
    ok("run", p.toString(), "--var", "n=7");
    assertThat(sum(p)).endsWith("\n7,28,\"e1,e2,e3,e4,e5,e6,e7\"\n");
  }

  @Test
  void refusesBadOptionsAndUnknownTables() throws Exception {
    Path p = project(tmp.resolve("q"), "name: q\nvars: {n: '0'}\nmodels:\n  events: {materialized: incremental}\n");
    ok("run", p.toString(), "--var", "n=1");
    CliRun bad = CliRun.of("maintain", p.toString(), "--compact", "--target-file-size", "lots");
    assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
    assertThat(bad.err()).contains("--target-file-size lots");
    CliRun none = CliRun.of("maintain", p.toString(), "--table", "nope");
    assertThat(none.exitCode()).as(none.toString()).isEqualTo(2);
    assertThat(none.err()).contains("'nope'").contains("tables: events");
  }

  /** The same on a project whose warehouse is Iceberg's JDBC catalog on PostgreSQL (-Pservices). */
  @Test
  @Tag("services")
  void maintainsAProjectOnTheJdbcCatalog() throws Exception {
    String schema = "cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String server = "jdbc:postgresql://127.0.0.1:5432/test";
    try (Connection c = DriverManager.getConnection(server, "postgres", ""); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    try {
      Path p = project(tmp.resolve("j"), "name: j\nvars: {n: '0'}\nwarehouse:\n  catalog: jdbc\n  uri: " + server
          + "?currentSchema=" + schema + "\n  user: postgres\n  location: lake\n  namespace: proj_j\n"
          + "models:\n  events: {materialized: incremental}\n");
      sixRuns(p);
      String before = sum(p);
      assertThat(ok("tables", p.toString()).out()).contains("events");
      CliRun r = ok("maintain", p.toString(), "--compact", "--expire-older-than", "0", "--retain-last", "2");
      assertThat(r.out()).contains("6 small file(s) merged, 5 snapshot(s) expired");
      assertThat(sum(p)).isEqualTo(before);
      // the newest pre-compaction snapshot is retained, and with it the six small files
      assertThat(dataFiles(p.resolve("lake/events"))).isEqualTo(7);
      try (Connection c = DriverManager.getConnection(server, "postgres", ""); Statement st = c.createStatement();
           var rs = st.executeQuery("SELECT table_namespace, table_name FROM " + schema + ".iceberg_tables")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1) + "." + rs.getString(2)).isEqualTo("proj_j.events");
      }
    } finally {
      try (Connection c = DriverManager.getConnection(server, "postgres", ""); Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }
}
