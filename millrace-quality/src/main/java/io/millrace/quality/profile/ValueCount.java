package io.millrace.quality.profile;

import java.util.Objects;

/**
 * A column value and how many rows hold it.
 *
 * @param value a Long, Double or Boolean for numeric and boolean columns, otherwise the engine's
 *     text form (e.g. {@code 2024-01-31} for a date); never null (nulls are counted separately)
 * @param count rows holding the value, {@code >= 1}
 */
public record ValueCount(Object value, long count) {
  public ValueCount {
    Objects.requireNonNull(value, "value");
  }
}
