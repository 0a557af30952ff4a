package io.millrace.api.stream;

import io.millrace.api.MillraceException;
import java.util.Objects;

/**
 * One aggregate column of a window table, e.g. {@code avg_watch_seconds: avg(watch_seconds)}.
 *
 * @param name output column
 * @param function the aggregate
 * @param field the event field aggregated; null only for {@code count} (count of events)
 */
public record WindowAggregate(String name, Function function, String field) {
  /** Aggregates of a window; NULL field values are ignored except by {@code count()}. */
  public enum Function { COUNT, SUM, AVG, MIN, MAX }

  public WindowAggregate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(function, "function");
    if (field == null && function != Function.COUNT) {
      throw MillraceException.user("Cannot declare window aggregate '%s': %s needs a field",
          name, function.name().toLowerCase(java.util.Locale.ROOT));
    }
  }
}
