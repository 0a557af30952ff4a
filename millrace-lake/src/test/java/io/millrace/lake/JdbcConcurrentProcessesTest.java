package io.millrace.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.project.WarehouseCatalog;
import io.millrace.api.project.WarehouseRetention;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 point 4: two separate OS processes append 100 intervals each to one table at the same
 * time through the JDBC catalog (PostgreSQL); all 200 are present exactly once. Run with -Pservices.
 */
@Tag("services")
class JdbcConcurrentProcessesTest {
  static final int INTERVALS = 100;
  static final Pattern RESULT = Pattern.compile("id=(\\d+) commits=(\\d+) seconds=([\\d.]+) replans=(\\d+) from=(\\d+) to=(\\d+)");

  @TempDir Path dir;

  @Test
  void twoProcessesAppendOneHundredIntervalsEachAndNoneIsLost() throws Exception {
    try (PgCatalog pg = new PgCatalog()) {
      WarehouseCatalog catalog = pg.catalog(dir.resolve("wh"), "conc");
      // the catalog's tables and the namespace exist before the race (the table does not: both create it)
      IcebergWarehouse.open(catalog, WarehouseRetention.DEFAULT).close();
      Path go = dir.resolve("go");
      List<Process> procs = new ArrayList<>();
      for (int id = 1; id <= 2; id++) {
        procs.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
            "-cp", System.getProperty("java.class.path"), CommitWorker.class.getName(), "jdbc", catalog.uri(),
            catalog.location().toString(), catalog.namespace(), catalog.name(), "events", String.valueOf(id),
            String.valueOf(INTERVALS), go.toString())
            .redirectOutput(dir.resolve("out-" + id).toFile()).redirectError(dir.resolve("err-" + id).toFile())
            .start());
      }
      long deadline = System.currentTimeMillis() + 120_000;
      while (!(Files.exists(Path.of(go + ".ready-1")) && Files.exists(Path.of(go + ".ready-2")))) {
        for (Process p : procs) {
          assertThat(p.isAlive()).as("worker died: %s", err(dir, procs.indexOf(p) + 1)).isTrue();
        }
        assertThat(System.currentTimeMillis()).as("workers ready in time").isLessThan(deadline);
        Thread.sleep(20);
      }
      Files.createFile(go);
      long[][] windows = new long[2][];
      for (int i = 0; i < 2; i++) {
        Process p = procs.get(i);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
        assertThat(p.exitValue()).as("worker %d: %s", i + 1, err(dir, i + 1)).isZero();
        String out = Files.readString(dir.resolve("out-" + (i + 1))).trim();
        Matcher m = RESULT.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Integer.parseInt(m.group(2))).isEqualTo(INTERVALS);
        windows[i] = new long[] {Long.parseLong(m.group(5)), Long.parseLong(m.group(6))};
        System.out.println("worker " + (i + 1) + ": " + out);
      }
      // the two processes did commit at the same time
      assertThat(Math.max(windows[0][0], windows[1][0])).isLessThan(Math.min(windows[0][1], windows[1][1]));

      try (LakeFixture lake = new LakeFixture(catalog, WarehouseRetention.DEFAULT)) {
        List<Path> files = lake.warehouse.files("events");
        assertThat(lake.duckRows(files, "SELECT count(*), count(DISTINCT (proc, interval)) FROM t"))
            .containsExactly(List.of(2L * INTERVALS, 2L * INTERVALS));
        assertThat(lake.duckRows(files, "SELECT proc, count(*), min(interval), max(interval) FROM t GROUP BY proc "
            + "ORDER BY proc")).containsExactly(List.of(1, (long) INTERVALS, 0, INTERVALS - 1),
            List.of(2, (long) INTERVALS, 0, INTERVALS - 1));
        assertThat(lake.warehouse.snapshots("events")).hasSize(2 * INTERVALS);
        assertThat(lake.icebergRows("events")).hasSize(2 * INTERVALS);
      }
    }
  }

  private static String err(Path dir, int id) {
    try {
      File f = dir.resolve("err-" + id).toFile();
      return f.exists() ? Files.readString(f.toPath()) : "";
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

}
