package io.millrace.core.lineage;

import io.millrace.api.MillraceException;
import io.millrace.api.Suggestions;
import io.millrace.api.lineage.ColumnInput;
import io.millrace.api.lineage.ColumnLineage;
import io.millrace.api.lineage.ColumnNode;
import io.millrace.api.lineage.ColumnRef;
import io.millrace.api.lineage.LineageView;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.PlanNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The lineage of a bound {@link Plan}: tables from the plan's edges, columns from each model's
 * planned {@link ColumnLineage}. Immutable once built. Column trees follow DIRECT inputs only; a
 * column reached twice on one path (impossible in a DAG, but cheap to guard) is not expanded again.
 */
public final class LineageGraph implements LineageView {
  private final Map<String, PlanNode> nodes = new LinkedHashMap<>();
  private final Map<String, Set<String>> downstream = new LinkedHashMap<>();

  private LineageGraph(Plan plan) {
    for (PlanNode n : plan.nodes()) {
      nodes.put(n.name(), n);
      downstream.putIfAbsent(n.name(), new TreeSet<>());
      n.upstream().forEach(up -> downstream.computeIfAbsent(up, k -> new TreeSet<>()).add(n.name()));
    }
  }

  public static LineageGraph of(Plan plan) {
    return new LineageGraph(plan);
  }

  @Override
  public List<String> tables() {
    return nodes.values().stream().filter(n -> n.kind() != NodeKind.EXPORT && n.kind() != NodeKind.TRAIN).map(PlanNode::name).toList();
  }

  @Override
  public Set<String> upstream(String table) {
    PlanNode n = nodes.get(table);
    return n == null ? Set.of() : new TreeSet<>(n.upstream());
  }

  @Override
  public Set<String> downstream(String table) {
    return downstream.getOrDefault(table, Set.of());
  }

  @Override
  public List<String> columns(String table) {
    PlanNode n = nodes.get(table);
    return n == null || n.schema() == null ? List.of() : n.schema().names();
  }

  @Override
  public ColumnLineage columnLineage(String table) {
    PlanNode n = nodes.get(table);
    return n == null ? ColumnLineage.UNKNOWN : n.lineage();
  }

  /**
   * The table a user named, case-insensitively.
   *
   * @throws MillraceException USER naming the table and suggesting a close name
   */
  public String table(String name) {
    if (nodes.containsKey(name) && nodes.get(name).kind() != NodeKind.EXPORT) {
      return name;
    }
    for (String t : tables()) {
      if (t.equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw MillraceException.user("Cannot find table '%s' in the plan%s (tables: %s)", name,
        hint(name, tables()), String.join(", ", tables()));
  }

  /** The column a user named ({@code table.column}, case-insensitive), as the schema spells it. */
  public ColumnRef column(String table, String column) {
    String t = table(table);
    List<String> cols = columns(t);
    for (String c : cols) {
      if (c.equalsIgnoreCase(column)) {
        return new ColumnRef(t, c);
      }
    }
    throw MillraceException.user("Cannot find column '%s' of table '%s'%s (columns: %s)", column, t,
        hint(column, cols), cols.isEmpty() ? "unknown until the table is planned" : String.join(", ", cols));
  }

  private static String hint(String word, List<String> candidates) {
    return Suggestions.closest(word, candidates).map(c -> "; did you mean '" + c + "'?").orElse("");
  }

  @Override
  public ColumnNode columnUpstream(ColumnRef column) {
    ColumnRef c = column(column.table(), column.column());
    return up(c, null, new HashSet<>());
  }

  private ColumnNode up(ColumnRef c, io.millrace.api.lineage.Transform how, Set<ColumnRef> path) {
    List<ColumnNode> children = new ArrayList<>();
    if (path.add(c)) {
      for (ColumnInput in : columnLineage(c.table()).inputsOf(c.column())) {
        if (in.transform().direct()) {
          children.add(up(in.source(), in.transform(), path));
        }
      }
      path.remove(c);
    }
    return new ColumnNode(c, how, children);
  }

  @Override
  public ColumnNode columnDownstream(ColumnRef column) {
    ColumnRef c = column(column.table(), column.column());
    return down(c, null, new HashSet<>());
  }

  private ColumnNode down(ColumnRef c, io.millrace.api.lineage.Transform how, Set<ColumnRef> path) {
    List<ColumnNode> children = new ArrayList<>();
    if (path.add(c)) {
      for (String next : downstream(c.table())) {
        columnLineage(next).fields().forEach((out, inputs) -> inputs.stream()
            .filter(i -> i.transform().direct() && i.source().equals(c))
            .forEach(i -> children.add(down(new ColumnRef(next, out), i.transform(), path))));
      }
      path.remove(c);
    }
    return new ColumnNode(c, how, children);
  }
}
