package io.millrace.api.stream;

/**
 * How a {@link FeatureSpec} folds the events of one entity into a value. Aggregations over a column
 * ignore events whose column value is NULL (as SQL aggregates do); an empty input gives 0 for the
 * counts and NULL for the others.
 */
public enum Aggregation {
  /** Number of events (with a column: events whose column is not NULL). A long. */
  COUNT,
  /**
   * Number of distinct non-NULL column values, exact up to a cap of distinct values per entity and
   * feature (see the engine's documentation); the reported value never exceeds the cap.
   */
  COUNT_DISTINCT,
  /** Sum of the column: a long when every value is an integer, else a double. */
  SUM,
  /** Mean of the column, a double: the sum as for {@link #SUM} divided by the count. */
  AVG,
  /** Smallest column value (numbers numerically, text by code point). */
  MIN,
  /** Greatest column value (numbers numerically, text by code point). */
  MAX,
  /** Column value of the earliest event by event time; ties go to the earlier arrival. */
  FIRST,
  /** Column value of the latest event by event time; ties go to the later arrival. */
  LAST,
  /** Number of sessions; only over a {@link FeatureWindow.Session} window, without a column. */
  SESSION_COUNT,
  /**
   * Mean number of events per session (events divided by sessions, a double; NULL with no session);
   * only over a {@link FeatureWindow.Session} window, without a column.
   */
  AVG_SESSION_LENGTH;

  /** True for the aggregations that only make sense over sessions. */
  public boolean sessionOnly() {
    return this == SESSION_COUNT || this == AVG_SESSION_LENGTH;
  }

  /** True when the aggregation needs a column (COUNT may have one; session aggregations never). */
  public boolean needsColumn() {
    return this != COUNT && !sessionOnly();
  }
}
