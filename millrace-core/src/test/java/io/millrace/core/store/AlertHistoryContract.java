package io.millrace.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.alert.AlertEvent;
import io.millrace.api.alert.AlertState;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.RunStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert history and run counts of a run store (SQLite and PostgreSQL implement it with the contract). */
interface AlertHistoryContract {
  RunStore alertStore();

  @Test
  default void keepsAlertEventsNewestFirstPerProject() {
    RunStore s = alertStore();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    s.saveAlertEvent(new AlertEvent("p", "stale", "orders", AlertState.FIRING, t, "Table orders is 3h old", null,
        "delivered"));
    s.saveAlertEvent(new AlertEvent("p", "stale", "orders", AlertState.RESOLVED, t.plusSeconds(60), "fresh", "r2",
        "failed after 4 attempts: webhook answered HTTP 500"));
    s.saveAlertEvent(new AlertEvent("other", "stale", "orders", AlertState.FIRING, t, "x", null, "delivered"));
    List<AlertEvent> events = s.alertEvents("p", 10);
    assertThat(events).extracting(AlertEvent::state).containsExactly(AlertState.RESOLVED, AlertState.FIRING);
    assertThat(events.get(0)).isEqualTo(new AlertEvent("p", "stale", "orders", AlertState.RESOLVED, t.plusSeconds(60),
        "fresh", "r2", "failed after 4 attempts: webhook answered HTTP 500"));
    assertThat(events.get(0).delivered()).isFalse();
    assertThat(events.get(1).delivered()).isTrue();
    assertThat(s.alertEvents("p", 1)).hasSize(1);
  }

  @Test
  default void countsRunsByState() {
    RunStore s = alertStore();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 5; i++) {
      RunState state = i < 3 ? RunState.SUCCESS : RunState.FAILED;
      s.saveRun(new RunRecord("run-count-" + i, "counted", "manual", null, null, state, t.plusSeconds(i),
          t.plusSeconds(i + 1), 0, 0, 0, 0, null));
    }
    assertThat(s.runCounts("counted")).containsEntry(RunState.SUCCESS, 3L).containsEntry(RunState.FAILED, 2L)
        .doesNotContainKey(RunState.RUNNING);
  }
}
