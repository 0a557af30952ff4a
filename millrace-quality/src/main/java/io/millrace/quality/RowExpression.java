package io.millrace.quality;

import io.millrace.api.LogicalType;
import io.millrace.quality.internal.rowexpr.Parser;
import java.util.Map;
import java.util.Set;

/**
 * A parsed scalar SQL expression over one record's columns, with DuckDB's semantics. It renders to
 * DuckDB SQL ({@link #toSql}) and evaluates in Java on one record ({@link #eval}); the two agree on
 * every row (a differential test over the Great Expectations conformance data and generated rows
 * checks it). Immutable and thread-safe.
 *
 * <p>Grammar (a subset of DuckDB's): literals ({@code 42}, {@code 1.5}, {@code 'text'}, {@code TRUE},
 * {@code FALSE}, {@code NULL}, {@code DATE '2024-01-31'}, {@code TIMESTAMP '2024-01-31 12:00:00'},
 * {@code TIMESTAMPTZ '...'}); columns, bare or {@code "quoted"}; {@code + - * / // % ||};
 * {@code = == <> != < <= > >=}; {@code AND OR NOT} with three-valued logic; {@code [NOT] IN (...)},
 * {@code [NOT] BETWEEN}, {@code IS [NOT] NULL}, {@code IS [NOT] DISTINCT FROM}, {@code [NOT] LIKE},
 * {@code [NOT] ILIKE}; {@code CASE}; {@code CAST}, {@code TRY_CAST}, {@code ::}; and the functions
 * {@code coalesce greatest least abs round length lower upper trim concat regexp_matches json_valid
 * try_strptime year month day hour minute second dayofweek isodow epoch}. {@code /} is float
 * division even on integers (as in DuckDB), {@code //} integer division.
 *
 * <p>Regular expressions follow RE2 (DuckDB's engine) with search semantics; patterns using
 * features RE2 lacks (look-around, back-references, possessive or atomic groups, class
 * intersection) are refused at parse time. {@code $} matches only at the end of the text, {@code .}
 * excludes only {@code \n}. Known difference: {@code \s} also matches a vertical tab in Java.
 */
public interface RowExpression {

  /**
   * Parses one expression. Statements, {@code ;}, subqueries, unknown functions and unknown columns
   * are refused.
   *
   * @param sql the expression text
   * @param columns the record's columns: name to type
   * @throws io.millrace.api.MillraceException USER naming the text, the position and the reason
   */
  static RowExpression parse(String sql, Map<String, LogicalType> columns) {
    return Parser.parse(sql, columns);
  }

  /**
   * Evaluates on one record (column name to value; an absent column is NULL). SQL three-valued
   * semantics: {@code null} means NULL/UNKNOWN. Values by type: BOOLEAN {@link Boolean}, INTEGER
   * {@link Integer}, BIGINT {@link Long}, DOUBLE {@link Double}, VARCHAR {@link String}, DATE
   * {@link java.time.LocalDate}, TIMESTAMP {@link java.time.LocalDateTime}, TIMESTAMPTZ
   * {@link java.time.Instant}, TIME {@link java.time.LocalTime}. Inputs may be any
   * {@link Number} or {@link java.time.temporal.TemporalAccessor} that represents the column's value
   * exactly (a {@code 1.5} for an INTEGER column is refused).
   *
   * @throws io.millrace.api.MillraceException USER when a value does not fit its column's type or
   *     the engine would fail on it too (integer overflow, division of integers by zero, a failing
   *     CAST)
   */
  Object eval(Map<String, ?> record);

  /** DuckDB SQL with quoted identifiers, evaluating to the same value as {@link #eval} on the same row. */
  String toSql();

  /** The result type; an expression that is only {@code NULL} has type BOOLEAN. */
  LogicalType type();

  /** The columns the expression reads. */
  Set<String> columns();
}
