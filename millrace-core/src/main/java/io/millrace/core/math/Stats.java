package io.millrace.core.math;

import java.util.Collection;

/** Small statistics used by the planner and the run store. */
public final class Stats {
  private Stats() {}

  /**
   * The median of some values: the middle one, or the mean of the two middle ones rounded down.
   *
   * @throws IllegalArgumentException when there are no values
   */
  public static long median(Collection<Long> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("Cannot compute median: no values");
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    int mid = sorted.length / 2;
    if (sorted.length % 2 == 1) {
      return sorted[mid];
    }
    // Halve before adding so two huge values cannot overflow.
    long a = sorted[mid - 1];
    long b = sorted[mid];
    return a / 2 + b / 2 + ((a % 2 + b % 2) / 2);
  }
}
