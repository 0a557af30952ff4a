package io.millrace.core.pipeline.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.TableSchema;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.spi.BoundSuite;
import io.millrace.api.spi.CheckOutcome;
import io.millrace.api.spi.EngineSession;
import io.millrace.core.plan.PlanNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs a node's suites on a relation, records the results (check records and metrics), and turns
 * the outcomes into one {@link Gate}: blocked when an ERROR expectation failed, quarantining when a
 * suite gives a valid-row predicate and found invalid rows.
 */
final class QualityGate {
  private static final ObjectMapper JSON = new ObjectMapper();

  private QualityGate() {}

  static Gate run(RunContext run, EngineSession session, PlanNode node, String relation, TableSchema schema) {
    List<BoundSuite> suites = run.suites(node, schema);
    if (suites.isEmpty()) {
      return Gate.NONE;
    }
    List<CheckOutcome> outcomes = new ArrayList<>();
    List<String> blocking = new ArrayList<>();
    List<String> predicates = new ArrayList<>();
    List<String> failedSql = new ArrayList<>();
    for (BoundSuite suite : suites) {
      CheckOutcome o = run.engineWork(node.name(), PhaseTimes.CHECKS,
          () -> run.checker.check(suite, session, relation, node.name(), run.runId, run.store));
      outcomes.add(o);
      record(run, node.name(), o);
      if (o.blocking()) {
        blocking.add("suite '" + o.suite() + "' (" + suite.file() + ") failed " + failedExpectations(o));
      }
      if (o.validRowPredicate() != null && o.invalidRows() > 0) {
        predicates.add("(" + o.validRowPredicate() + ")");
        failedSql.add(o.failedExpectationsSql() == null ? "'" + o.suite() + "'" : o.failedExpectationsSql());
      }
    }
    String block = blocking.isEmpty() ? null : String.join("; ", blocking);
    if (predicates.isEmpty()) {
      return new Gate(outcomes, block, null, null);
    }
    String failed = failedSql.size() == 1 ? failedSql.get(0) : failedSql.stream()
        .map(f -> "NULLIF(CAST(" + f + " AS VARCHAR), '')")
        .collect(Collectors.joining(", ", "concat_ws(',', ", ")"));
    return new Gate(outcomes, block, String.join(" AND ", predicates), failed);
  }

  private static void record(RunContext run, String table, CheckOutcome o) {
    CheckRecord r = new CheckRecord(run.runId, table, o.suite(), o.success(), o.score(), o.passRate(),
        o.resultJson());
    run.writes.check(r);
    run.recordCheck(r);
    if (!o.metrics().isEmpty()) {
      run.writes.metrics(o.metrics());
    }
  }

  /** The failed expectations named from the GE-shaped result, e.g. {@code expect_..._not_be_null(id)}. */
  static String failedExpectations(CheckOutcome o) {
    List<String> names = new ArrayList<>();
    try {
      JsonNode results = JSON.readTree(o.resultJson()).path("results");
      for (JsonNode r : results) {
        if (!r.path("success").asBoolean(true)) {
          JsonNode cfg = r.path("expectation_config");
          String type = cfg.hasNonNull("type") ? cfg.get("type").asText()
              : cfg.path("expectation_type").asText("expectation");
          String column = cfg.path("kwargs").path("column").asText("");
          long unexpected = r.path("result").path("unexpected_count").asLong(-1);
          names.add(type + (column.isEmpty() ? "" : "(" + column + ")")
              + (unexpected >= 0 ? " with " + unexpected + " unexpected rows" : ""));
        }
      }
    } catch (Exception e) {
      // The verdict itself is already known from the outcome; only the names are missing.
      return String.format("(pass rate %.1f%%; result not readable: %s)", o.passRate(), e.getMessage());
    }
    return names.isEmpty() ? String.format("(pass rate %.1f%%)", o.passRate()) : String.join(", ", names);
  }
}
