package io.millrace.quality;

import io.millrace.api.Column;
import io.millrace.api.TableSchema;
import io.millrace.api.project.CheckSpec;
import io.millrace.api.project.CheckSpec.OnFail;
import io.millrace.api.project.CheckSpec.Severity;
import io.millrace.api.run.MetricPoint;
import io.millrace.api.spi.BoundSuite;
import io.millrace.api.spi.CheckOutcome;
import io.millrace.api.spi.MetricHistory;
import io.millrace.api.spi.QualityChecker;
import io.millrace.api.spi.SqlRunner;
import io.millrace.quality.internal.BoundExpectation;
import io.millrace.quality.internal.Check;
import io.millrace.quality.internal.ColumnTypes;
import io.millrace.quality.internal.ResultFormat;
import io.millrace.quality.internal.Sql;
import io.millrace.quality.internal.SuiteBinder;
import io.millrace.quality.internal.SuiteRunner;
import io.millrace.quality.internal.dialect.Dialect;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The pipelines' quality gate: binds suites at plan time and validates staged data, telling which
 * rows to quarantine and which metrics to record. Thread-safe (stateless).
 */
public final class DefaultQualityChecker implements QualityChecker {
  private static final String PLACEHOLDER = "__millrace_relation__";
  private final SuiteLoader loader = new SuiteLoader();

  /** A suite bound to a table's schema; rebinding to the real relation at check time is cheap. */
  record Bound(Suite suite, ColumnTypes schema, Severity severity, OnFail onFail, boolean rowLevel)
      implements BoundSuite {
    @Override
    public String name() {
      return suite.name();
    }

    @Override
    public Path file() {
      return suite.file();
    }

    @Override
    public boolean hasRowLevelExpectations() {
      return rowLevel;
    }
  }

  @Override
  public BoundSuite bind(CheckSpec check, String table, TableSchema schema) {
    Suite suite = loader.load(check.suite());
    ColumnTypes types = types(schema);
    List<BoundExpectation> bound = SuiteBinder.bind(suite, types, PLACEHOLDER, null, table, MetricHistory.EMPTY,
        check.severity(), check.onFail(), ResultFormat.SUMMARY);
    return new Bound(suite, types, check.severity(), check.onFail(),
        bound.stream().anyMatch(BoundExpectation::rowLocal));
  }

  /** Binds an already loaded suite (for callers that build suites in code). */
  public BoundSuite bind(Suite suite, CheckSpec.Severity severity, CheckSpec.OnFail onFail, TableSchema schema) {
    ColumnTypes types = types(schema);
    List<BoundExpectation> bound = SuiteBinder.bind(suite, types, PLACEHOLDER, null, null, MetricHistory.EMPTY,
        severity, onFail, ResultFormat.SUMMARY);
    return new Bound(suite, types, severity, onFail, bound.stream().anyMatch(BoundExpectation::rowLocal));
  }

  private static ColumnTypes types(TableSchema schema) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Column c : schema.columns()) {
      m.put(c.name(), c.sql());
    }
    return new ColumnTypes(m);
  }

  @Override
  public CheckOutcome check(BoundSuite suite, SqlRunner runner, String relation, String table, String runId,
                            MetricHistory history) {
    Bound b = (Bound) suite;
    Dialect dialect = Dialect.of(runner);
    List<BoundExpectation> bound = SuiteBinder.bind(b.suite(), b.schema(), relation, null, table, history,
        b.severity(), b.onFail(), ResultFormat.SUMMARY);
    List<String> rowFails = new ArrayList<>();
    List<String> quarantineFails = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (BoundExpectation e : bound) {
      if (e.rowLocal()) {
        String fail = ((Check.Map_) e.check()).failSql();
        rowFails.add(fail);
        if (e.onFail() == OnFail.QUARANTINE) {
          quarantineFails.add(fail);
          names.add(e.displayName());
        }
      }
    }
    List<String> extras = new ArrayList<>();
    extras.add("count(*)");
    String invalidExpr = rowFails.isEmpty() ? null : "count_if(" + String.join(" OR ", rowFails) + ")";
    if (invalidExpr != null) {
      extras.add(invalidExpr);
    }
    for (String c : b.schema().names()) {
      extras.add("count(" + Sql.ident(c) + ")");
    }
    SuiteRunner.Output out = new SuiteRunner(dialect.wrap(runner), relation, null, null, 10_000, false, dialect)
        .run(bound, extras);
    // a relation the engine cannot scan fails here with the engine's own error (USER for bad data,
    // EXTERNAL for an unreachable source), not as a missing value further on
    long rows = ((Number) out.extra("count(*)")).longValue();
    long invalid = invalidExpr == null || out.extra(invalidExpr) == null ? 0
        : ((Number) out.extra(invalidExpr)).longValue();
    boolean blocking = false;
    for (int i = 0; i < bound.size(); i++) {
      BoundExpectation e = bound.get(i);
      ExpectationResult r = out.results().get(i);
      if (!r.success() && e.severity() == Severity.ERROR && e.onFail() != OnFail.QUARANTINE) {
        blocking = true;
      }
    }
    Map<String, Object> meta = new LinkedHashMap<>(b.suite().meta());
    meta.put("queries", out.queries());
    ValidationResult vr = new ValidationResult(b.suite().name(), out.results(), meta);
    double score = rows == 0 ? 100.0 : 100.0 * (rows - invalid) / rows;
    String valid = quarantineFails.isEmpty() ? null
        : quarantineFails.stream().map(f -> "NOT " + f).collect(Collectors.joining(" AND "));
    String failed = null;
    if (!quarantineFails.isEmpty()) {
      StringBuilder sb = new StringBuilder("concat_ws(','");
      for (int i = 0; i < quarantineFails.size(); i++) {
        sb.append(", CASE WHEN ").append(quarantineFails.get(i)).append(" THEN ").append(Sql.str(names.get(i)))
            .append(" END");
      }
      failed = sb.append(")").toString();
    }
    // the predicates are applied by the caller over the same relation, in the engine's dialect
    return new CheckOutcome(b.suite().name(), vr.success(), blocking, rows, invalid, score, vr.successPercent(),
        valid == null ? null : dialect.renderFragment(valid), failed == null ? null : dialect.renderFragment(failed),
        vr.toJson(),
        metrics(bound, out, rows, b.schema(), table, runId));
  }

  private static List<MetricPoint> metrics(List<BoundExpectation> bound, SuiteRunner.Output out, long rows,
                                           ColumnTypes schema, String table, String runId) {
    Instant now = Instant.now();
    List<MetricPoint> points = new ArrayList<>();
    points.add(new MetricPoint(runId, table, "", "row_count", rows, now));
    for (String c : schema.names()) {
      Object nn = out.extras().get("count(" + Sql.ident(c) + ")");
      if (nn instanceof Number n && rows > 0) {
        points.add(new MetricPoint(runId, table, c, "null_fraction", (rows - n.doubleValue()) / rows, now));
      }
    }
    java.util.Set<String> seen = new java.util.HashSet<>(List.of("|row_count"));
    for (int i = 0; i < bound.size(); i++) {
      if (bound.get(i).check() instanceof Check.Aggregate a && a.metric() != null
          && out.observed().get(i) instanceof Number v && seen.add(a.label() + "|" + a.metric())) {
        points.add(new MetricPoint(runId, table, a.label(), a.metric(), v.doubleValue(), now));
      }
    }
    return points;
  }
}
