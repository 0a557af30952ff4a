package io.millrace.core.lineage;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.api.lineage.ColumnInput;
import io.millrace.api.lineage.ColumnLineage;
import io.millrace.api.lineage.ColumnNode;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.PlanNode;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Terminal and JSON renderings of lineage: the plan's column lineage, table trees, column trees. */
public final class LineagePrinter {
  private LineagePrinter() {}

  /**
   * Every model's column lineage ({@code plan --lineage}): one line per output column with its inputs
   * and how, then the inputs that decide the rows.
   */
  public static String plan(Plan plan) {
    StringBuilder b = new StringBuilder("\ncolumn lineage:\n");
    for (PlanNode n : plan.nodes()) {
      if (n.kind() != NodeKind.MODEL) {
        continue;
      }
      ColumnLineage l = n.lineage();
      b.append(n.name()).append(l.complete() ? "" : "  (partial: parts of the SQL could not be followed)").append('\n');
      l.fields().forEach((col, inputs) -> b.append("  ").append(col).append(" <- ")
          .append(inputs.isEmpty() ? "(constants)" : inputs.stream().map(LineagePrinter::input)
              .collect(Collectors.joining(", "))).append('\n'));
      if (!l.dataset().isEmpty()) {
        b.append("  (rows) <- ").append(l.dataset().stream().map(LineagePrinter::input)
            .collect(Collectors.joining(", "))).append('\n');
      }
    }
    return b.toString();
  }

  private static String input(ColumnInput i) {
    return i.source() + " " + i.transform().name().toLowerCase(Locale.ROOT);
  }

  /** A table and its upstream (or downstream) tables as a tree; a table met again is marked, not repeated. */
  public static String tables(String table, Function<String, Set<String>> next) {
    StringBuilder b = new StringBuilder(table).append('\n');
    tables(table, next, "", b, new HashSet<>());
    return b.toString();
  }

  private static void tables(String table, Function<String, Set<String>> next, String indent, StringBuilder b,
                             Set<String> seen) {
    var children = next.apply(table).stream().toList();
    for (int i = 0; i < children.size(); i++) {
      boolean last = i == children.size() - 1;
      String child = children.get(i);
      boolean again = !seen.add(child) && !next.apply(child).isEmpty();
      b.append(indent).append(last ? "└── " : "├── ").append(child).append(again ? " (see above)" : "").append('\n');
      if (!again) {
        tables(child, next, indent + (last ? "    " : "│   "), b, seen);
      }
    }
  }

  /** A column tree: each column with how it feeds (or is fed by) its parent. */
  public static String columns(ColumnNode root) {
    StringBuilder b = new StringBuilder(root.column().toString()).append('\n');
    columns(root, "", b);
    return b.toString();
  }

  private static void columns(ColumnNode node, String indent, StringBuilder b) {
    for (int i = 0; i < node.children().size(); i++) {
      ColumnNode c = node.children().get(i);
      boolean last = i == node.children().size() - 1;
      b.append(indent).append(last ? "└── " : "├── ").append(c.column()).append(" (")
          .append(c.how().name().toLowerCase(Locale.ROOT)).append(")\n");
      columns(c, indent + (last ? "    " : "│   "), b);
    }
  }

  /** {@code {"table":..,"column":..,"how":..,"children":[...]}}. */
  public static ObjectNode json(ColumnNode node) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("table", node.column().table()).put("column", node.column().column());
    if (node.how() != null) {
      n.put("type", node.how().type()).put("subtype", node.how().subtype());
    }
    var children = n.putArray("children");
    node.children().forEach(c -> children.add(json(c)));
    return n;
  }
}
