package io.millrace.quality.internal;

import io.millrace.quality.ExpectationConfig;

/**
 * What an expectation is bound against.
 *
 * @param config the expectation as written
 * @param kwargs typed access to its kwargs
 * @param schema the relation's columns
 * @param relation FROM-able SQL of the validated data
 * @param domain the typed filter from {@code row_condition}, or the literal TRUE
 * @param indexExpr SQL giving a row's index for {@code unexpected_index_list}, or null
 * @param table table name for metric history lookups (may be null)
 * @param history past metric values for anomaly expectations
 */
public record BindContext(ExpectationConfig config, Kwargs kwargs, ColumnTypes schema, String relation,
                          io.millrace.quality.internal.rowexpr.Node domain, String indexExpr, String table,
                          io.millrace.api.spi.MetricHistory history) {
  /** SQL of the {@code row_condition} filter, {@code TRUE} without one. */
  public String rowCondition() {
    return domain.sql();
  }

  public String col(String name) {
    return Sql.ident(name);
  }
}
