package io.millrace.core.schedule;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * A data interval {@code [start, end)} in UTC: the slice of time one scheduled run processes.
 * {@code start == end} only for {@code @once}.
 */
public record Interval(LocalDateTime start, LocalDateTime end) {
  public Interval {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("Cannot build interval: end " + end + " is before start " + start);
    }
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
