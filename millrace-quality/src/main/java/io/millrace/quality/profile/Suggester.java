package io.millrace.quality.profile;

import io.millrace.quality.profile.internal.YamlText;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a starter expectation suite (Millrace YAML, Great Expectations vocabulary) from a
 * {@link Profile}: what the profiled data satisfies today, as a base to edit. Stateless.
 *
 * <p>Rules: the ordered column list; the row count within +-50%; per column, not null when it has
 * no nulls, between its min and max when numeric, in its value set when it has few distinct values
 * (a recorded {@link ColumnProfile#valueSet()}) and is not unique, and unique when every row holds a
 * distinct non-null value.
 */
public final class Suggester {
  private Suggester() {}

  /**
   * The suite as YAML text, one expectation per line in flow style.
   *
   * @param suiteName the suite's {@code name} (usually the table)
   */
  public static String suggest(Profile profile, String suiteName) {
    StringBuilder y = new StringBuilder();
    y.append("name: ").append(YamlText.scalar(suiteName)).append('\n');
    y.append("expectations:\n");
    String columns = profile.columns().stream().map(c -> YamlText.scalar(c.name())).collect(Collectors.joining(", "));
    line(y, "expect_table_columns_to_match_ordered_list", "column_list: [" + columns + "]");
    long rows = profile.rows();
    line(y, "expect_table_row_count_to_be_between",
        "min_value: " + (rows / 2) + ", max_value: " + (rows + (rows + 1) / 2));
    for (ColumnProfile c : profile.columns()) {
      String column = "column: " + YamlText.scalar(c.name());
      if (rows > 0 && c.nullCount() == 0) {
        line(y, "expect_column_values_to_not_be_null", column);
      }
      if (c.numeric() && c.min() != null && c.max() != null) {
        line(y, "expect_column_values_to_be_between",
            column + ", min_value: " + YamlText.scalar(c.min()) + ", max_value: " + YamlText.scalar(c.max()));
      }
      boolean unique = rows > 0 && c.distinctCount() == rows;
      if (!unique && c.valueSet() != null && !c.valueSet().isEmpty()) {
        line(y, "expect_column_values_to_be_in_set", column + ", value_set: [" + set(c.valueSet()) + "]");
      }
      if (unique) {
        line(y, "expect_column_values_to_be_unique", column);
      }
    }
    return y.toString();
  }

  private static String set(List<ValueCount> values) {
    return values.stream().map(v -> YamlText.scalar(v.value())).collect(Collectors.joining(", "));
  }

  private static void line(StringBuilder y, String type, String kwargs) {
    y.append("  - ").append(type).append(": {").append(kwargs).append("}\n");
  }
}
