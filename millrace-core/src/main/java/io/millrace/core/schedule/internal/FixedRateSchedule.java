package io.millrace.core.schedule.internal;

import io.millrace.api.project.Schedule;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Every {@code period}, on the multiples of the period since 1970-01-01T00:00 UTC, so that
 * {@code every 1d} starts at midnight and {@code every 15m} at :00, :15, :30, :45 whatever the start.
 */
public final class FixedRateSchedule implements Schedule {
  private final String expression;
  private final long periodSeconds;

  /** @param period whole seconds, at least one (checked by the caller) */
  public FixedRateSchedule(String expression, Duration period) {
    this.expression = expression;
    this.periodSeconds = period.getSeconds();
    if (periodSeconds < 1 || period.getNano() != 0) {
      throw new IllegalArgumentException("Cannot schedule every " + period + ": need whole seconds");
    }
  }

  @Override
  public LocalDateTime next(LocalDateTime time) {
    long start = Math.floorDiv(time.toEpochSecond(ZoneOffset.UTC), periodSeconds) * periodSeconds;
    LocalDateTime t = LocalDateTime.ofEpochSecond(start, 0, ZoneOffset.UTC);
    return t.isAfter(time) ? t : t.plusSeconds(periodSeconds);
  }

  @Override
  public String expression() {
    return expression;
  }

  @Override
  public String toString() {
    return expression;
  }
}
