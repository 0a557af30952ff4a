package io.millrace.quality.profile;

import io.millrace.quality.profile.internal.ProfileJson;
import io.millrace.quality.profile.internal.ProfileTable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The profile of a relation: row count and per-column statistics, in the relation's column order.
 * Immutable.
 *
 * @param relation what was profiled (table, view or {@code read_parquet(...)} expression)
 * @param rows rows in the relation
 * @param target the target column information gain was computed against, or null
 * @param columns column profiles, in column order
 */
public record Profile(String relation, long rows, String target, List<ColumnProfile> columns) {
  public Profile {
    Objects.requireNonNull(relation, "relation");
    columns = List.copyOf(columns);
  }

  public Optional<ColumnProfile> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * The profile as JSON: {@code {"rows": N, "columns": [{"name", "type", "null_fraction",
   * "distinct_count", "entropy", "information_gain", "min", "max", "mean", "top_values", "advice",
   * ...}]}}. {@code information_gain} and {@code information_gain_ratio} are present only with a
   * target column; top values are {@code {"value", "count"}} objects.
   */
  public String toJson() {
    return ProfileJson.write(this);
  }

  /** A fixed-width text table, one line per column, for terminals. */
  public String toTable() {
    return ProfileTable.render(this);
  }
}
