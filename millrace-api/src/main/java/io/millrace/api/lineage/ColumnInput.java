package io.millrace.api.lineage;

import java.util.Objects;

/** An input column and how it feeds an output column (or, in {@link ColumnLineage#dataset}, every row). */
public record ColumnInput(ColumnRef source, Transform transform) implements Comparable<ColumnInput> {
  public ColumnInput {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(transform, "transform");
  }

  @Override
  public int compareTo(ColumnInput o) {
    int c = source.compareTo(o.source);
    return c != 0 ? c : transform.compareTo(o.transform);
  }

  @Override
  public String toString() {
    return source + " (" + transform.type() + "/" + transform.subtype() + ")";
  }
}
