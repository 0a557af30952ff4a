package io.millrace.quality.internal;

/**
 * How expensive an aggregate is to compute; aggregates of one class share one query. Measured on
 * 10M rows: fusing distinct counts or exact medians into the cheap scan makes it slower than
 * running them apart, so each class gets its own scan.
 */
public enum CostClass {
  /** min, max, avg, sum, stddev, counts, null counts and row-local checks. */
  CHEAP,
  /** regex, LIKE, JSON and date-parsing checks over strings. */
  STRING,
  /** count(DISTINCT ...). */
  DISTINCT,
  /** exact medians and quantiles. */
  QUANTILE,
  /** aggregates using scalar subqueries over the relation (z-scores). */
  TWO_PASS
}
