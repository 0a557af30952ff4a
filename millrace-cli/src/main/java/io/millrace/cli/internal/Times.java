package io.millrace.cli.internal;

import io.millrace.api.MillraceException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/** Parses dates and times given on the command line (UTC). */
public final class Times {
  private Times() {}

  /** {@code 2025-01-31} (midnight) or {@code 2025-01-31T12:00[:00]}. */
  public static LocalDateTime parse(String option, String value) {
    try {
      return value.contains("T") ? LocalDateTime.parse(value) : LocalDate.parse(value).atStartOfDay();
    } catch (DateTimeParseException e) {
      throw MillraceException.user("Cannot read %s '%s': expected a date (2025-01-31) or a time (2025-01-31T12:00)",
          option, value);
    }
  }
}
