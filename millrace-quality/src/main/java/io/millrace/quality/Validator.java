package io.millrace.quality;

import io.millrace.api.project.CheckSpec.OnFail;
import io.millrace.api.project.CheckSpec.Severity;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SqlRunner;
import io.millrace.quality.internal.BoundExpectation;
import io.millrace.quality.internal.ColumnTypes;
import io.millrace.quality.internal.ResultFormat;
import io.millrace.quality.internal.SuiteBinder;
import io.millrace.quality.internal.SuiteRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates any FROM-able relation ({@code sales}, {@code read_parquet('f.parquet')}) with a suite,
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
    ColumnTypes schema = describe(runner, relation);
    List<BoundExpectation> bound = SuiteBinder.bind(suite, schema, relation, options.indexExpression(),
        options.table(), options.history(), Severity.ERROR, OnFail.FAIL,
        ResultFormat.parse(options.resultFormat(), ResultFormat.SUMMARY));
    SuiteRunner.Output out = new SuiteRunner(runner, relation, options.indexExpression(), options.indexName(),
        options.completeLimit(), options.fuseAll()).run(bound, List.of());
    Map<String, Object> meta = new LinkedHashMap<>(suite.meta());
    meta.put("queries", out.queries() + 1);
    meta.put("duration_ms", (System.nanoTime() - start) / 1_000_000);
    return new ValidationResult(suite.name(), out.results(), meta);
  }

  /** The relation's columns and engine types, read without scanning data. */
  static ColumnTypes describe(SqlRunner runner, String relation) {
    QueryResult r = runner.query("DESCRIBE SELECT * FROM " + relation);
    int name = r.columnIndex("column_name");
    int type = r.columnIndex("column_type");
    Map<String, String> types = new LinkedHashMap<>();
    for (List<Object> row : r.rows()) {
      types.put(String.valueOf(row.get(name)), String.valueOf(row.get(type)));
    }
    return new ColumnTypes(types);
  }
}
