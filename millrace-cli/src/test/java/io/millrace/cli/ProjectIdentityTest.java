package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.NodeState;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.RunStore;
import io.millrace.core.store.JdbcRunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Projects are told apart by the identity in {@code .millrace/project-id}, not by name; a run whose
 * process died is closed as abandoned when the next run takes the lock over.
 */
class ProjectIdentityTest {
  @TempDir Path dir;

  @Test
  void twoFoldersWithTheSameNameOnOneStoreSeeOnlyTheirOwnRuns() throws Exception {
    Path store = dir.resolve("shared.db");
    Path one = project("one", store);
    Path two = project("two", store);
    assertThat(CliRun.of("run", one.toString()).exitCode()).isZero();
    String runOfOne = firstRunId(one);
    CliRun runsOfTwo = CliRun.of("runs", two.toString());
    assertThat(runsOfTwo.out()).contains("No runs yet.").doesNotContain(runOfOne);
    CliRun resume = CliRun.of("run", two.toString(), "--resume");
    assertThat(resume.exitCode()).as(resume.toString()).isEqualTo(2);
    assertThat(resume.err()).contains("Cannot resume project 'same': it has no earlier run");
    CliRun show = CliRun.of("runs", two.toString(), runOfOne);
    assertThat(show.exitCode()).isEqualTo(2);
    // moving a folder keeps its identity and so its history
    Path moved = dir.resolve("moved");
    Files.move(one, moved);
    assertThat(CliRun.of("runs", moved.toString()).out()).contains(runOfOne);
  }

  @Test
  void aRunLeftRunningByADeadProcessIsMarkedAbandonedWhenTheLockIsTakenOver() throws Exception {
    Path p = project("p", null);
    assertThat(CliRun.of("run", p.toString()).exitCode()).isZero();
    String id = Files.readString(p.resolve(".millrace/project-id")).trim();
    try (RunStore s = JdbcRunStore.open("jdbc:sqlite:" + p.resolve(".millrace/runs.db"), id)) {
      Instant t = Instant.parse("2025-01-01T00:00:00Z");
      s.saveRun(new RunRecord("20250101T000000000Z-dead", "same", "manual", null, null, RunState.RUNNING, t, null,
          0, 0, 0, 0, null));
      s.saveAttempt(new NodeAttempt("20250101T000000000Z-dead", "a", 1, NodeState.RUNNING, t, null, 0, 0, 0, 0, 0, null));
    }
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(p.resolve(".millrace/run.lock"), Long.toString(gone.pid()));
    CliRun run = CliRun.of("run", p.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).contains("marked run(s) 20250101T000000000Z-dead as failed (abandoned by process "
        + gone.pid());
    CliRun show = CliRun.of("runs", p.toString(), "20250101T000000000Z-dead");
    assertThat(show.out()).contains("failed").contains("abandoned: the process running it (pid " + gone.pid() + ")");
    assertThat(show.out().lines().filter(l -> l.startsWith("a ")).findFirst().orElseThrow()).contains("failed");
    assertThat(Files.readString(p.resolve(".millrace/run.lock"))).isEmpty();   // released cleanly
  }

  private static String firstRunId(Path p) {
    return CliRun.of("runs", p.toString()).out().lines().skip(2).findFirst().orElseThrow().trim().split("\\s+")[0];
  }

  private Path project(String folder, Path sharedStore) throws Exception {
    Path p = dir.resolve(folder);
    Files.createDirectories(p.resolve("models"));
    Files.writeString(p.resolve("models/a.sql"), "select 1 as x");
    Files.writeString(p.resolve("millrace.yaml"), "name: same\n"
        + (sharedStore == null ? "" : "run_store: jdbc:sqlite:" + sharedStore + "\n"));
    return p;
  }
}
