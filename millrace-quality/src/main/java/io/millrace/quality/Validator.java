package io.millrace.quality;

import io.millrace.api.project.CheckSpec.OnFail;
import io.millrace.api.project.CheckSpec.Severity;
import io.millrace.api.spi.SqlRunner;
import io.millrace.quality.internal.BoundExpectation;
import io.millrace.quality.internal.ColumnTypes;
import io.millrace.quality.internal.ResultFormat;
import io.millrace.quality.internal.SuiteBinder;
import io.millrace.quality.internal.SuiteRunner;
import io.millrace.quality.internal.dialect.Dialect;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates any FROM-able relation ({@code sales}, {@code read_parquet('f.parquet')}) with a suite,
 * in the SQL dialect of the runner ({@link SqlRunner#dialect()}: DuckDB or Spark SQL; relations are
 * written in DuckDB's syntax and rendered for the engine, or in the engine's own),
 * in a handful of queries whatever the number of expectations. Stateless and thread-safe; the
 * runner it is given is used by the calling thread only.
 */
public final class Validator {
  /**
   * Binds the suite to the relation's columns, then runs it.
   *
   * @throws io.millrace.api.MillraceException USER naming the suite file and expectation when the
   *     suite does not fit the relation (unless that expectation sets {@code catch_exceptions: true});
   *     USER/EXTERNAL from the engine when the relation itself cannot be read
   */
  public ValidationResult validate(Suite suite, SqlRunner runner, String relation, ValidationOptions options) {
    long start = System.nanoTime();
    Dialect dialect = Dialect.of(runner);
    ColumnTypes schema = new ColumnTypes(dialect.describe(runner, relation));
    List<BoundExpectation> bound = SuiteBinder.bind(suite, schema, relation, options.indexExpression(),
        options.table(), options.history(), Severity.ERROR, OnFail.FAIL,
        ResultFormat.parse(options.resultFormat(), ResultFormat.SUMMARY));
    SuiteRunner.Output out = new SuiteRunner(dialect.wrap(runner), relation, options.indexExpression(),
        options.indexName(), options.completeLimit(), options.fuseAll(), dialect).run(bound, List.of());
    Map<String, Object> meta = new LinkedHashMap<>(suite.meta());
    meta.put("queries", out.queries() + 1);
    meta.put("duration_ms", (System.nanoTime() - start) / 1_000_000);
    return new ValidationResult(suite.name(), out.results(), meta);
  }

  /** The relation's columns and engine types (as DuckDB names them), read without scanning data. */
  static ColumnTypes describe(SqlRunner runner, String relation) {
    return new ColumnTypes(Dialect.of(runner).describe(runner, relation));
  }
}
