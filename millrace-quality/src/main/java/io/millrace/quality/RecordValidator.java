package io.millrace.quality;

import io.millrace.api.TableSchema;
import io.millrace.quality.internal.RecordChecks;
import java.util.List;
import java.util.Map;

/**
 * A suite compiled for judging one record at a time (a stream event, a row before it is written),
 * with exactly the semantics of the batch validation: each row-level expectation is the same typed
 * predicate that the batch path renders to SQL. Immutable and thread-safe.
 *
 * <p>Expectations that depend on the whole relation — uniqueness, monotonicity, z-scores,
 * aggregates and distributions, and any row-level expectation with {@code mostly} below 1 (one
 * record cannot tell whether a share of failures is acceptable) — are not judged here; they are
 * listed by {@link #relationLevel} so a stream can evaluate them per window.
 */
public interface RecordValidator {

  /**
   * Binds the suite to the record schema, as plan time does for tables.
   *
   * @throws io.millrace.api.MillraceException USER naming the suite file and expectation when the
   *     suite does not fit the schema (unknown column, bad kwargs, a row_condition that is not one
   *     boolean expression)
   */
  static RecordValidator compile(Suite suite, TableSchema schema) {
    return RecordChecks.compile(suite, schema);
  }

  /** The suite's expectations that need the whole relation and so are not judged per record. */
  List<ExpectationConfig> relationLevel();

  /**
   * The row-level expectations {@code record} fails, in suite order; empty when it passes them all.
   * Values are read as {@link RowExpression#eval} reads them; an absent column is NULL. A value
   * that does not fit its column's type, or on which the engine would fail (an overflowing sum),
   * is itself reported as a failure with the reason, never thrown.
   */
  List<RecordFailure> check(Map<String, ?> record);
}
