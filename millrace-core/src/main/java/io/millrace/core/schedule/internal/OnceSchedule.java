package io.millrace.core.schedule.internal;

import io.millrace.api.project.Schedule;
import java.time.LocalDateTime;

/** {@code @once}: a single run whose interval is {@code [start_date, start_date]}; never again. */
public final class OnceSchedule implements Schedule {
  @Override
  public LocalDateTime next(LocalDateTime time) {
    return LocalDateTime.MAX;
  }

  @Override
  public String expression() {
    return "@once";
  }

  @Override
  public String toString() {
    return "@once";
  }
}
