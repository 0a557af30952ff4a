package io.millrace.api;

import java.util.Objects;

/** A named, typed column. Names are case-sensitive as written by the user. */
public record Column(String name, LogicalType type) {
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isBlank()) {
      throw MillraceException.user("Cannot declare a column with a blank name");
    }
  }
}
