package io.millrace.api.stream;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import java.util.List;
import java.util.Objects;

/**
 * One typed column flattened out of a JSON event.
 *
 * @param name column name in the event record and the {@code <job>_events} table
 * @param path JSON path segments from the event root ({@code [event_data, amount]}); never empty
 * @param type the type the value is coerced to; a value that cannot be coerced makes the event
 *     invalid (dead-lettered with the field named)
 */
public record StreamField(String name, List<String> path, LogicalType type) {
  public StreamField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    path = List.copyOf(path);
    if (path.isEmpty()) {
      throw MillraceException.user("Cannot declare stream field '%s': empty JSON path", name);
    }
  }

  /** The path as written ({@code event_data.amount}). */
  public String dottedPath() {
    return String.join(".", path);
  }
}
