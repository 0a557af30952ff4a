package io.millrace.core.schedule;

import io.millrace.api.MillraceException;
import io.millrace.api.project.Schedule;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Which data intervals are due. An interval {@code [t, next(t))} runs once it is complete, i.e. when
 * {@code next(t) <= now}; interval starts are the schedule's ticks at or after {@code start_date}.
 */
public final class Intervals {
  /** More intervals than this in one catch-up or backfill is almost surely a mistake. */
  public static final int MAX_INTERVALS = 100_000;

  private Intervals() {}

  /**
   * The intervals due at {@code now}, oldest first.
   *
   * @param startDate first possible interval start; null means "no history": only the latest
   *     complete interval is due, whatever {@code catchup} says
   * @param catchup true: every complete interval after the last completed one (or since
   *     {@code startDate}); false: only the latest complete interval, if not already completed
   * @param lastCompletedEnd end of the last interval already run, or null when none has run
   * @throws MillraceException USER when catching up would run more than {@link #MAX_INTERVALS}
   */
  public static List<Interval> due(Schedule schedule, LocalDateTime startDate, boolean catchup,
                                   LocalDateTime lastCompletedEnd, LocalDateTime now) {
    if (Schedules.isOnce(schedule)) {
      boolean ready = startDate == null || !now.isBefore(startDate);
      LocalDateTime at = startDate == null ? now : startDate;
      return lastCompletedEnd == null && ready ? List.of(new Interval(at, at)) : List.of();
    }
    LocalDateTime first = startDate == null ? null : firstTickAtOrAfter(schedule, startDate);
    if (lastCompletedEnd != null && (first == null || lastCompletedEnd.isAfter(first))) {
      first = firstTickAtOrAfter(schedule, lastCompletedEnd);
    }
    if (catchup && startDate != null) {
      return complete(schedule, first, now, "catch up on schedule '" + schedule.expression() + "'");
    }
    Interval latest = latestComplete(schedule, first, now);
    return latest == null ? List.of() : List.of(latest);
  }

  /**
   * Every interval whose start lies in {@code [from, to)}, oldest first; the last one may end after
   * {@code to}.
   *
   * @throws MillraceException USER for {@code @once}, or for more than {@link #MAX_INTERVALS}
   */
  public static List<Interval> backfill(Schedule schedule, LocalDateTime from, LocalDateTime to) {
    if (Schedules.isOnce(schedule)) {
      throw MillraceException.user("Cannot backfill schedule '@once': it has no intervals to repeat");
    }
    if (!from.isBefore(to)) {
      throw MillraceException.user("Cannot backfill from %s to %s: the start must be before the end",
          from, to);
    }
    List<Interval> out = new ArrayList<>();
    for (LocalDateTime t = firstTickAtOrAfter(schedule, from); t.isBefore(to); t = schedule.next(t)) {
      check(out.size(), "backfill " + from + " to " + to);
      out.add(new Interval(t, schedule.next(t)));
    }
    return out;
  }

  /** The first tick of the schedule at or after {@code time}. */
  public static LocalDateTime firstTickAtOrAfter(Schedule schedule, LocalDateTime time) {
    return schedule.next(time.minusNanos(1));
  }

  private static List<Interval> complete(Schedule schedule, LocalDateTime first, LocalDateTime now,
                                         String what) {
    List<Interval> out = new ArrayList<>();
    for (LocalDateTime t = first; ; ) {
      LocalDateTime end = schedule.next(t);
      if (end.isAfter(now)) {
        return out;
      }
      check(out.size(), what);
      out.add(new Interval(t, end));
      t = end;
    }
  }

  /**
   * The latest complete interval starting at or after {@code first} (null = unbounded). Looks back
   * over a window that doubles from one hour, so the cost does not grow with the time since
   * {@code start_date}.
   */
  private static Interval latestComplete(Schedule schedule, LocalDateTime first, LocalDateTime now) {
    for (Duration window = Duration.ofHours(1); ; window = window.multipliedBy(2)) {
      LocalDateTime begin = now.minus(window);
      boolean bounded = first != null && !begin.isAfter(first);
      LocalDateTime t = bounded ? first : firstTickAtOrAfter(schedule, begin);
      Interval latest = null;
      for (LocalDateTime end = schedule.next(t); !end.isAfter(now); t = end, end = schedule.next(t)) {
        latest = new Interval(t, end);
      }
      // Windows beyond ~20 years cannot help: no valid schedule waits that long between ticks.
      if (latest != null || bounded || window.toDays() > 20 * 366) {
        return latest;
      }
    }
  }

  private static void check(int count, String what) {
    if (count >= MAX_INTERVALS) {
      throw MillraceException.user("Cannot %s: more than %d intervals; choose a later start "
          + "(start_date) or a shorter range, or set catchup: false", what, MAX_INTERVALS);
    }
  }
}
