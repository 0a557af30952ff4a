package io.millrace.api;

import java.util.List;
import java.util.Optional;

/** Ordered columns of a table or query result. Immutable. */
public record TableSchema(List<Column> columns) {
  public TableSchema {
    columns = List.copyOf(columns);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Column c : columns) {
      if (!seen.add(c.name())) {
        throw MillraceException.user("Cannot build schema: duplicate column '%s'", c.name());
      }
    }
  }

  public Optional<Column> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public List<String> names() {
    return columns.stream().map(Column::name).toList();
  }
}
