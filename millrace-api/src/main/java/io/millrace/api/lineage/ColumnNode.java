package io.millrace.api.lineage;

import java.util.List;
import java.util.Objects;

/**
 * One column in a lineage tree: upstream trees have the columns it is computed from as children
 * (back to source columns, which have none), downstream trees the columns computed from it.
 *
 * @param column the column
 * @param how how it relates to its parent in the tree (null at the root)
 * @param children the next columns, sorted
 */
public record ColumnNode(ColumnRef column, Transform how, List<ColumnNode> children) {
  public ColumnNode {
    Objects.requireNonNull(column, "column");
    children = List.copyOf(children);
  }
}
