package io.millrace.api.project;

import java.time.LocalDateTime;

/**
 * When a pipeline is due. Implementations: cron expressions, presets ({@code @hourly}, {@code @daily},
 * ...) and fixed intervals. Times are UTC.
 */
public interface Schedule {
  /** The first interval start strictly after {@code time}. */
  LocalDateTime next(LocalDateTime time);

  /** The expression as the user wrote it. */
  String expression();
}
