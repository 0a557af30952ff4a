package io.millrace.cli.internal;

import io.millrace.api.MillraceException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.time.format.DateTimeParseException;

/** Times given on the command line, as the UTC wall-clock times schedules use. */
public final class Times {
  private Times() {}

  /**
   * {@code 2025-01-31} (midnight), {@code 2025-01-31T12:00[:00]} (UTC), or with an offset as
   * {@code --as-of} takes it: {@code 2025-01-31T12:00:00Z}, {@code 2025-01-31T14:00:00+02:00}
   * (converted to UTC).
   */
  public static LocalDateTime parse(String option, String value) {
    try {
      if (!value.contains("T")) {
        return LocalDate.parse(value).atStartOfDay();
      }
      if (value.endsWith("Z") || value.endsWith("z") || value.matches(".*T.*[+-]\\d\\d:?\\d\\d$")) {
        return OffsetDateTime.parse(value.toUpperCase(Locale.ROOT)).withOffsetSameInstant(ZoneOffset.UTC)
            .toLocalDateTime();
      }
      return LocalDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw MillraceException.user("Cannot read %s '%s': expected a date (2025-01-31) or a UTC time "
          + "(2025-01-31T12:00, 2025-01-31T12:00:00Z, 2025-01-31T14:00:00+02:00)", option, value);
    }
  }
}
