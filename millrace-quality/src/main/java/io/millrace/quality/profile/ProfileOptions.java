package io.millrace.quality.profile;

import io.millrace.api.MillraceException;

/**
 * Settings of a {@link Profiler} run.
 *
 * @param topValues how many most frequent values to report per column, {@code >= 0}
 * @param valueSetMax a column with at most this many distinct values gets its full value set
 *     recorded ({@link ColumnProfile#valueSet()}), used to suggest {@code expect_column_values_to_be_in_set};
 *     {@code >= 0}
 */
public record ProfileOptions(int topValues, int valueSetMax) {
  /** Top 5 values; value sets of up to 20 distinct values. */
  public static final ProfileOptions DEFAULTS = new ProfileOptions(5, 20);

  public ProfileOptions {
    if (topValues < 0) {
      throw MillraceException.user("Cannot profile: top values %d is negative", topValues);
    }
    if (valueSetMax < 0) {
      throw MillraceException.user("Cannot profile: value set max %d is negative", valueSetMax);
    }
  }
}
