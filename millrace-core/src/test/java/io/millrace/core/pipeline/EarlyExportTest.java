package io.millrace.core.pipeline;

import static io.millrace.api.project.Materialization.TABLE;
import static io.millrace.core.pipeline.Fixture.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.project.ExportSpec;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.Warehouse;
import io.millrace.core.plan.Plan;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table's REPLACE export to SQLite is copied into a staging table while the table commits, and
 * published (the old table replaced) only after the commit; a failed commit leaves the previous
 * export as it was. Exports of several tables to one file stay correct.
 */
class EarlyExportTest {
  @TempDir Path dir;
  Fixture fx;
  Path db;
  /** What the SQLite file held while table 't' committed, or why it could not be read. */
  final List<String> duringCommit = new ArrayList<>();
  final AtomicReference<String> failCommitOf = new AtomicReference<>();

  @BeforeEach
  void setUp() {
    fx = new Fixture(dir);
    db = dir.resolve("out.sqlite");
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** The fixture's warehouse; a commit of 't' first waits for its staged export, or fails when asked. */
  private PipelineRunner runner() {
    Warehouse real = fx.warehouse;
    Warehouse watched = (Warehouse) Proxy.newProxyInstance(Warehouse.class.getClassLoader(),
        new Class<?>[] {Warehouse.class}, (proxy, method, args) -> {
          if (method.getName().equals("commit") && args[0] instanceof CommitRequest r && r.table().equals("t")) {
            duringCommit.add(awaitStaged());
            if (r.table().equals(failCommitOf.get())) {
              throw new IllegalStateException("commit refused by the test");
            }
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    return new PipelineRunner(fx.engine, watched, null, fx.store);
  }

  private Plan plan(int rows) {
    return fx.plan(model("t", "SELECT i AS x, 'r' || i AS name FROM range(" + rows + ") r(i)", TABLE, List.of()),
        model("u", "SELECT 42 AS y", TABLE, List.of()),
        Fixture.export(0, new ExportSpec("t", ExportSpec.Format.SQLITE, db.toString(), null, ExportSpec.Mode.REPLACE)),
        Fixture.export(1, new ExportSpec("u", ExportSpec.Format.SQLITE, db.toString(), null, ExportSpec.Mode.REPLACE)));
  }

  @Test
  void stagesTheExportDuringTheCommitAndPublishesItAfter() throws Exception {
    RunSummary first = runner().run(plan(3), RunOptions.manual());
    assertThat(first.succeeded()).as(first.toString()).isTrue();
    RunSummary second = runner().run(plan(5), RunOptions.manual());
    assertThat(second.succeeded()).as(second.toString()).isTrue();

    // while t committed, its rows were staged and the target still held nothing (first run) or the first run's rows
    assertThat(duringCommit).containsExactly("staged 3, target none", "staged 5, target 3");
    assertThat(query("SELECT count(*), sum(x), max(name) FROM t")).isEqualTo("5|10|r4");
    assertThat(query("SELECT y FROM u")).isEqualTo("42");
    assertThat(query("SELECT count(*) FROM sqlite_master WHERE name LIKE '%staging%'")).isEqualTo("0");
  }

  @Test
  void aFailedCommitLeavesThePreviousExportIntact() throws Exception {
    assertThat(runner().run(plan(3), RunOptions.manual()).succeeded()).isTrue();
    failCommitOf.set("t");
    RunSummary failed = runner().run(plan(5), RunOptions.manual());

    assertThat(failed.succeeded()).isFalse();
    assertThat(duringCommit).containsExactly("staged 3, target none", "staged 5, target 3");   // it was staged
    assertThat(query("SELECT count(*), sum(x), max(name) FROM t")).isEqualTo("3|3|r2");
    assertThat(query("SELECT count(*) FROM sqlite_master WHERE name LIKE '%staging%'")).isEqualTo("0");
    assertThat(query("SELECT y FROM u")).isEqualTo("42");   // the other table's export is unaffected
  }

  /** Waits (up to 30 s) for t's staged rows to be committed to the SQLite file; describes staged and target rows. */
  private String awaitStaged() throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      try {
        String staged = query("SELECT count(*) FROM __millrace_staging_t");
        String target = query("SELECT count(*) FROM sqlite_master WHERE name = 't'").equals("0") ? "none"
            : query("SELECT count(*) FROM t");
        return "staged " + staged + ", target " + target;
      } catch (SQLException notYet) {
        Thread.sleep(50);
      }
    }
    return "not staged";
  }

  private String query(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      List<String> cols = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        cols.add(rs.getString(i));
      }
      return String.join("|", cols);
    }
  }
}
