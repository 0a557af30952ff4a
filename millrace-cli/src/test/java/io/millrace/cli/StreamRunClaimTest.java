package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.RunStore;
import io.millrace.core.store.JdbcRunStore;
import io.millrace.stream.StreamRunClaim;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream run whose process is killed with SIGKILL stays {@code running} in the run store until the
 * next start of the same job marks it failed as abandoned; while the process lives, nothing is marked.
 */
class StreamRunClaimTest {
  @TempDir Path dir;

  /** The child: records run {@code r1} as running, claims the job, says so, and waits to be killed. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      Path state = Path.of(args[0]);
      RunStore store = JdbcRunStore.open("jdbc:sqlite:" + state.resolve("runs.db"));
      store.saveRun(new RunRecord("r1", "p", "stream", null, null, RunState.RUNNING, Instant.now(), null, 0, 0, 0, 0, null));
      StreamRunClaim claim = StreamRunClaim.claim(state, "user_events", store, "r1");
      System.out.println("claimed " + claim.held());
      System.out.flush();
      Thread.sleep(600_000);
    }
  }

  @Test
  void aKilledStreamProcessesRunIsMarkedAbandonedByTheNextStartOnly() throws Exception {
    Path state = dir.resolve(".millrace");
    java.nio.file.Files.createDirectories(state);
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-cp", cp, Child.class.getName(), state.toString()).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("claimed")) {
        // the child's log lines
      }
      assertThat(line).isEqualTo("claimed true");
      try (RunStore store = JdbcRunStore.open("jdbc:sqlite:" + state.resolve("runs.db"));
           StreamRunClaim busy = StreamRunClaim.claim(state, "user_events", store, "r2")) {
        assertThat(busy.held()).as("the live process holds the job").isFalse();
        assertThat(busy.abandoned()).isEmpty();
        assertThat(store.run("r1").orElseThrow().state()).isEqualTo(RunState.RUNNING);
      }
    } finally {
      child.destroyForcibly().waitFor(60, TimeUnit.SECONDS);   // SIGKILL: the run's end is never recorded
    }
    try (RunStore store = JdbcRunStore.open("jdbc:sqlite:" + state.resolve("runs.db"))) {
      assertThat(store.run("r1").orElseThrow().state()).isEqualTo(RunState.RUNNING);
      try (StreamRunClaim next = StreamRunClaim.claim(state, "user_events", store, "r3")) {
        assertThat(next.held()).isTrue();
        assertThat(next.abandoned()).containsExactly("r1");
      }
      RunRecord r1 = store.run("r1").orElseThrow();
      assertThat(r1.state()).isEqualTo(RunState.FAILED);
      assertThat(r1.endedAt()).isNotNull();
      assertThat(r1.error()).startsWith("abandoned").contains("user_events");
      // r3 ended normally (its record is the caller's business): a later start marks nothing
      try (StreamRunClaim again = StreamRunClaim.claim(state, "user_events", store, "r4")) {
        assertThat(again.abandoned()).isEmpty();
      }
      // another job of the project is not affected by this job's lock
      try (StreamRunClaim other = StreamRunClaim.claim(state, "viewing", store, "r5")) {
        assertThat(other.held()).isTrue();
      }
    }
  }
}
