package io.millrace.api.lineage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which input columns feed each output column of one model, found at plan time from its SQL.
 * Immutable.
 *
 * @param fields per output column, in the result's order: the input columns it is computed from
 *     (DIRECT) and those that decide its value conditionally (INDIRECT/CONDITIONAL, a CASE's
 *     conditions) or through a window (INDIRECT/WINDOW); sorted, without duplicates. An output
 *     column made of constants only has an empty list.
 * @param dataset input columns that affect every output row without being copied: join keys,
 *     filters, grouping and sort keys (INDIRECT)
 * @param complete false when part of the SQL could not be followed (a table function, a table the
 *     inputs do not describe): the lists then hold what could be found
 */
public record ColumnLineage(Map<String, List<ColumnInput>> fields, List<ColumnInput> dataset, boolean complete) {
  /** Nothing known (an engine without column lineage, or a node that is not a SQL model). */
  public static final ColumnLineage UNKNOWN = new ColumnLineage(Map.of(), List.of(), false);

  public ColumnLineage {
    Objects.requireNonNull(fields, "fields");
    Map<String, List<ColumnInput>> copy = new LinkedHashMap<>();
    fields.forEach((k, v) -> copy.put(k, List.copyOf(new TreeSet<>(v))));
    fields = java.util.Collections.unmodifiableMap(copy);
    dataset = List.copyOf(new TreeSet<>(dataset));
  }

  /** The inputs of one output column; empty when it is not an output column. */
  public List<ColumnInput> inputsOf(String column) {
    List<ColumnInput> direct = fields.get(column);
    if (direct != null) {
      return direct;
    }
    return fields.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(column)).findFirst()
        .map(Map.Entry::getValue).orElse(List.of());
  }

  /** Every input table named anywhere in this lineage. */
  public Set<String> inputTables() {
    Set<String> out = new TreeSet<>();
    fields.values().forEach(l -> l.forEach(i -> out.add(i.source().table())));
    dataset.forEach(i -> out.add(i.source().table()));
    return out;
  }
}
