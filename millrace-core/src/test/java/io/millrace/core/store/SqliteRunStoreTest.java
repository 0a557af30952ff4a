package io.millrace.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRunStoreTest extends RunStoreContract implements AlertHistoryContract {
  @Override
  public io.millrace.api.spi.RunStore alertStore() {
    return store;
  }

  @TempDir Path dir;

  @Override
  protected RunStore newStore() {
    return JdbcRunStore.open("jdbc:sqlite:" + dir.resolve("nested/.millrace/runs.db"));
  }

  @Override
  protected RunStore newStore(String projectId) {
    return JdbcRunStore.open("jdbc:sqlite:" + dir.resolve("nested/.millrace/runs.db"), projectId);
  }

  @Test
  void aStoreFromBeforeProjectIdentitiesIsMigratedAndItsRunsAdopted() throws Exception {
    Path legacy = dir.resolve("legacy.db");
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + legacy); var s = c.createStatement()) {
      s.execute("CREATE TABLE millrace_runs (run_id VARCHAR(200) PRIMARY KEY, project TEXT NOT NULL, "
          + "trigger_kind TEXT, interval_start TEXT, interval_end TEXT, state TEXT NOT NULL, started_at BIGINT, "
          + "ended_at BIGINT, rows_in BIGINT, rows_out BIGINT, rejected BIGINT, quarantined BIGINT, error TEXT)");
      s.execute("INSERT INTO millrace_runs VALUES ('old', 'shop', 'manual', NULL, NULL, 'SUCCESS', 1, 2, 0, 0, 0, 0, NULL)");
    }
    try (RunStore scoped = JdbcRunStore.open("jdbc:sqlite:" + legacy, "33333333-cccc")) {
      assertThat(scoped.runs("shop", 10)).extracting(r -> r.runId()).containsExactly("old");
      scoped.saveRun(run("new", 0, RunState.SUCCESS));
    }
    try (RunStore other = JdbcRunStore.open("jdbc:sqlite:" + legacy, "44444444-dddd")) {
      assertThat(other.runs("shop", 10)).isEmpty();
    }
  }

  @Test
  void createsTheFileWithParentFoldersAndKeepsDataAcrossReopen() {
    store.saveRun(run("r1", 0, RunState.SUCCESS));
    assertThat(Files.exists(dir.resolve("nested/.millrace/runs.db"))).isTrue();
    try (RunStore again = newStore()) {
      assertThat(again.run("r1")).contains(run("r1", 0, RunState.SUCCESS));
    }
  }

  @Test
  void rejectsUnsupportedUrls() {
    assertThatThrownBy(() -> JdbcRunStore.open("jdbc:mysql://h/db?password=pw"))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessageContaining("expected a jdbc:sqlite: or jdbc:postgresql: URL").hasMessageNotContaining("pw");
  }

  @Test
  void reportsAnUnreachableDatabaseAsExternalWithThePasswordMasked() {
    assertThatThrownBy(() -> JdbcRunStore.open("jdbc:postgresql://127.0.0.1:1/test?user=u&password=hunter2"))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.EXTERNAL))
        .hasMessageStartingWith("Cannot open run store jdbc:postgresql://127.0.0.1:1/test?user=u&password=***")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void runIdsAreTimeOrderedAndUnique() {
    java.time.Instant t = java.time.Instant.parse("2025-01-01T12:00:00Z");
    String first = RunIds.next(t);
    assertThat(first).matches("\\d{8}T\\d{9}Z-[0-9a-f]{4}");
    Set<String> ids = new HashSet<>();
    String previous = first;
    for (int i = 0; i < 1000; i++) {
      String id = RunIds.next(t);
      assertThat(id).isGreaterThan(previous);
      ids.add(id);
      previous = id;
    }
    assertThat(ids).hasSize(1000);
  }
}
