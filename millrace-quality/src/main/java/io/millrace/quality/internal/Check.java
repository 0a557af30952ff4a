package io.millrace.quality.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A bound expectation, ready to be planned and evaluated. */
public sealed interface Check permits Check.Map_, Check.Aggregate, Check.Failed {

  /**
   * A map expectation: each row in the domain is expected or not; success when the expected share
   * of non-missing rows is at least {@code mostly}.
   *
   * @param label column(s) for names and reports
   * @param domain SQL: rows considered (row_condition), {@code TRUE} for all
   * @param missing SQL: rows of the domain ignored as missing
   * @param unexpected SQL: true for an unexpected non-missing row (evaluated on {@code from})
   * @param valueJson SQL: JSON text of the unexpected value (GE's unexpected_list element)
   * @param indexColumns columns shown in unexpected_index_list entries
   * @param from derived SQL (with column {@code __idx}) already filtered to non-missing domain
   *     rows, or null to evaluate on the relation
   * @param countSql query returning the unexpected count, or null
   * @param cost cost class of the unexpected count
   * @param mostly required share of expected rows
   * @param rowLocal the condition reads only the row (fusable, quarantinable)
   * @param extra extra result entries (e.g. observed_value)
   * @param guardSql aggregate over the relation that is 0 when no row can be unexpected, so the
   *     costly {@code countSql} is skipped (uniqueness: rows minus distinct keys); null for none
   * @param bitmapKey an integer column whose uniqueness (over the whole relation) can be proven with a
   *     bitmap of its values instead of {@code guardSql}, when its range is small; null for none
   * @param row the typed predicates the SQL fields were rendered from, for row-local expectations;
   *     null otherwise
   */
  record Map_(String label, String domain, String missing, String unexpected, String valueJson,
              List<String> indexColumns, String from, String countSql, CostClass cost, double mostly,
              boolean rowLocal, Map<String, Object> extra, String guardSql, String bitmapKey, RowCheck row)
      implements Check {
    Map_(String label, String domain, String missing, String unexpected, String valueJson,
         List<String> indexColumns, String from, String countSql, CostClass cost, double mostly,
         boolean rowLocal, Map<String, Object> extra) {
      this(label, domain, missing, unexpected, valueJson, indexColumns, from, countSql, cost, mostly, rowLocal,
          extra, null, null, null);
    }

    /** A row-local expectation whose SQL is rendered from its typed predicates. */
    Map_(String label, RowCheck row, String valueJson, List<String> indexColumns, CostClass cost, double mostly,
         Map<String, Object> extra) {
      this(label, row.domain().sql(), row.missing().sql(), row.unexpected().sql(), valueJson, indexColumns, null,
          null, cost, mostly, true, extra, null, null, row);
    }

    /** SQL true for a row of the relation that fails this expectation (row-local only). */
    public String failSql() {
      return row != null ? row.failure().sql()
          : "coalesce((" + domain + ") AND NOT (" + missing + ") AND (" + unexpected + "), FALSE)";
    }
  }

  /**
   * An aggregate expectation: registers metrics, then judges their values.
   *
   * @param column the column it describes (for element/missing counts), or null for table-level
   * @param metric name under which a numeric observed value is recorded as a metric, or null
   * @param planner registers metrics on the plan and returns the judge
   */
  record Aggregate(String label, String column, String metric,
                   Function<ScanPlan, Function<ScanPlan, Outcome>> planner)
      implements Check {}

  /** An expectation that could not be bound and asked for its error to be recorded. */
  record Failed(RuntimeException error) implements Check {}
}
