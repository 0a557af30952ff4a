package io.millrace.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.MillraceException;
import io.millrace.api.project.Schedule;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalsTest {
  private static final Schedule HOURLY = Schedules.parse("@hourly");
  private static final Schedule DAILY = Schedules.parse("@daily");

  private static LocalDateTime t(String s) {
    return LocalDateTime.parse(s);
  }

  private static Interval i(String start, String end) {
    return new Interval(t(start), t(end));
  }

  @Test
  void catchupRunsEveryCompleteIntervalSinceStartDate() {
    List<Interval> due = Intervals.due(HOURLY, t("2025-01-01T00:00"), true, null, t("2025-01-01T03:30"));
    assertThat(due).containsExactly(i("2025-01-01T00:00", "2025-01-01T01:00"),
        i("2025-01-01T01:00", "2025-01-01T02:00"), i("2025-01-01T02:00", "2025-01-01T03:00"));
  }

  @Test
  void catchupResumesAfterTheLastCompletedInterval() {
    List<Interval> due = Intervals.due(HOURLY, t("2025-01-01T00:00"), true, t("2025-01-01T02:00"),
        t("2025-01-01T04:00"));
    assertThat(due).containsExactly(i("2025-01-01T02:00", "2025-01-01T03:00"),
        i("2025-01-01T03:00", "2025-01-01T04:00"));
  }

  @Test
  void withoutCatchupOnlyTheLatestCompleteIntervalIsDue() {
    List<Interval> due = Intervals.due(DAILY, t("2020-01-01T00:00"), false, null, t("2025-06-10T08:00"));
    assertThat(due).containsExactly(i("2025-06-09T00:00", "2025-06-10T00:00"));
  }

  @Test
  void withoutCatchupAnAlreadyCompletedIntervalIsNotDueAgain() {
    assertThat(Intervals.due(DAILY, t("2020-01-01T00:00"), false, t("2025-06-10T00:00"),
        t("2025-06-10T23:59"))).isEmpty();
    assertThat(Intervals.due(DAILY, t("2020-01-01T00:00"), false, t("2025-06-10T00:00"),
        t("2025-06-11T00:00"))).containsExactly(i("2025-06-10T00:00", "2025-06-11T00:00"));
  }

  @Test
  void nothingIsDueBeforeTheFirstIntervalCompletes() {
    assertThat(Intervals.due(HOURLY, t("2025-01-01T00:00"), true, null, t("2025-01-01T00:59"))).isEmpty();
    assertThat(Intervals.due(HOURLY, t("2025-01-01T00:00"), false, null, t("2025-01-01T00:59"))).isEmpty();
  }

  @Test
  void startDateBetweenTicksStartsAtTheNextTick() {
    assertThat(Intervals.due(HOURLY, t("2025-01-01T00:30"), true, null, t("2025-01-01T02:00")))
        .containsExactly(i("2025-01-01T01:00", "2025-01-01T02:00"));
  }

  @Test
  void onceIsDueOnceAtStartDate() {
    Schedule once = Schedules.parse("@once");
    assertThat(Intervals.due(once, t("2025-01-01T00:00"), true, null, t("2025-02-01T00:00")))
        .containsExactly(i("2025-01-01T00:00", "2025-01-01T00:00"));
    assertThat(Intervals.due(once, t("2025-01-01T00:00"), true, t("2025-01-01T00:00"),
        t("2025-02-01T00:00"))).isEmpty();
  }

  @Test
  void backfillCoversEveryIntervalStartingInTheRange() {
    assertThat(Intervals.backfill(DAILY, t("2025-01-01T00:00"), t("2025-01-04T00:00")))
        .containsExactly(i("2025-01-01T00:00", "2025-01-02T00:00"), i("2025-01-02T00:00", "2025-01-03T00:00"),
            i("2025-01-03T00:00", "2025-01-04T00:00"));
    // a start between ticks: the first interval starts at the next tick; the last may end after 'to'
    assertThat(Intervals.backfill(DAILY, t("2025-01-01T12:00"), t("2025-01-02T06:00")))
        .containsExactly(i("2025-01-02T00:00", "2025-01-03T00:00"));
  }

  @Test
  void rejectsEmptyBackfillRangeAndRunawayCatchup() {
    assertThatThrownBy(() -> Intervals.backfill(DAILY, t("2025-01-02T00:00"), t("2025-01-01T00:00")))
        .isInstanceOf(MillraceException.class).hasMessageContaining("start must be before the end");
    assertThatThrownBy(() -> Intervals.due(Schedules.parse("every 1m"), t("2000-01-01T00:00"), true, null,
        t("2025-01-01T00:00"))).isInstanceOf(MillraceException.class).hasMessageContaining("catchup: false");
  }
}
