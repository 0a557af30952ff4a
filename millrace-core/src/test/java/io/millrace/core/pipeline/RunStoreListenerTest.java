package io.millrace.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.RunStore;
import io.millrace.core.store.JdbcRunStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs recorded through the run hooks, as stream runs are: the store first, then the other hooks. */
class RunStoreListenerTest {
  @TempDir Path dir;

  @Test
  void recordsARunFromStartToEndBeforeTheNextHookSeesIt() {
    try (RunStore store = JdbcRunStore.open("jdbc:sqlite:" + dir.resolve("runs.db"))) {
      List<String> seen = new ArrayList<>();
      PipelineListener next = new PipelineListener() {
        @Override
        public void onNode(NodeEvent event) {}

        @Override
        public void onRunStart(RunRecord run) {
          seen.add("start " + store.run(run.runId()).orElseThrow().state());
        }

        @Override
        public void onRunEnd(RunRecord run) {
          seen.add("end " + store.run(run.runId()).orElseThrow().state());
        }
      };
      PipelineListener hooks = new RunStoreListener(store).andThen(next);
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      hooks.onRunStart(new RunRecord("r1", "p", "stream", null, null, RunState.RUNNING, t0, null, 0, 0, 0, 0, null));
      hooks.onRunEnd(new RunRecord("r1", "p", "stream", null, null, RunState.SUCCESS, t0, t0.plusSeconds(3),
          2000, 1900, 100, 0, null));
      assertThat(seen).containsExactly("start RUNNING", "end SUCCESS");
      RunRecord r = store.runs("p", 10).get(0);
      assertThat(List.of(r.trigger(), r.state(), r.rowsIn(), r.rowsOut(), r.rejected()))
          .containsExactly("stream", RunState.SUCCESS, 2000L, 1900L, 100L);
    }
  }
}
