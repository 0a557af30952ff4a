package io.millrace.quality;

import java.util.Objects;

/**
 * One row-level expectation a record failed.
 *
 * @param expectationType the expectation type, e.g. {@code expect_column_values_to_be_between}
 * @param column the column it judges (columns joined by {@code ,} for pair and multicolumn ones)
 * @param value the record's value of that column (a map of column to value for several columns;
 *     may be null)
 * @param reason why, naming the expectation's arguments and the value
 */
public record RecordFailure(String expectationType, String column, Object value, String reason) {
  public RecordFailure {
    Objects.requireNonNull(expectationType, "expectationType");
    Objects.requireNonNull(reason, "reason");
  }
}
