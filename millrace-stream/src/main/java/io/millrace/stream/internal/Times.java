package io.millrace.stream.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** ISO-8601 instants as events write them: with an offset or {@code Z}, or without (read as UTC). */
final class Times {
  private Times() {}

  static Instant parseInstant(String s) {
    String t = s.trim().replace(' ', 'T');
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    }
  }
}
