package io.millrace.api.predict;

import io.millrace.api.MillraceException;

/**
 * A time-based train/test split: rows are ordered by {@code by}; the latest {@code testFraction} of them
 * (rounded so that rows with the same time stay on one side) are held out for evaluation.
 *
 * @param by the column ordering the rows (the entity rows' timestamp by default); null means that
 * @param testFraction held-out share, in (0, 1)
 */
public record SplitSpec(String by, double testFraction) {
  /** The default: the latest 20% by the entity timestamp. */
  public static final SplitSpec DEFAULT = new SplitSpec(null, 0.2);

  public SplitSpec {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw MillraceException.user("Cannot declare split: test_fraction must be between 0 and 1 (exclusive), found %s",
          testFraction);
    }
  }
}
