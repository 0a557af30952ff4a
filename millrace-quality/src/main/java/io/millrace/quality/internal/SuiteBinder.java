package io.millrace.quality.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.project.CheckSpec.OnFail;
import io.millrace.api.project.CheckSpec.Severity;
import io.millrace.api.spi.MetricHistory;
import io.millrace.quality.ExpectationConfig;
import io.millrace.quality.Suite;
import io.millrace.quality.internal.rowexpr.Exprs;
import io.millrace.quality.internal.rowexpr.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds a suite to a relation's columns: checks every type and kwarg and compiles each expectation.
 * A problem is a USER error naming suite file, expectation index and type, and the reason — unless
 * that expectation sets {@code catch_exceptions: true}, in which case the error is kept and reported
 * in its result.
 */
public final class SuiteBinder {
  private SuiteBinder() {}

  /**
   * @param relation FROM-able SQL of the data
   * @param indexExpr SQL of a row index for unexpected_index_list, or null
   * @param defaultSeverity the attachment's severity
   * @param defaultOnFail the attachment's on_fail
   * @param defaultFormat result format of expectations without one
   */
  public static List<BoundExpectation> bind(Suite suite, ColumnTypes schema, String relation, String indexExpr,
                                            String table, MetricHistory history, Severity defaultSeverity,
                                            OnFail defaultOnFail, ResultFormat defaultFormat) {
    List<BoundExpectation> out = new ArrayList<>();
    List<ExpectationConfig> exps = suite.expectations();
    for (int i = 0; i < exps.size(); i++) {
      ExpectationConfig cfg = exps.get(i);
      Severity sev = cfg.severity() != null ? cfg.severity() : defaultSeverity;
      try {
        out.add(bindOne(i + 1, cfg, schema, relation, indexExpr, table, history, sev, defaultOnFail, defaultFormat));
      } catch (BindError e) {
        if (Boolean.TRUE.equals(cfg.kwargs().get("catch_exceptions"))) {
          ResultFormat f = safeFormat(cfg, defaultFormat);
          out.add(new BoundExpectation(i + 1, cfg, null, new Check.Failed(e), sev, OnFail.FAIL, f));
        } else {
          throw MillraceException.user("Cannot bind suite %s: expectation #%d (%s): %s", suite.file(), i + 1,
              cfg.type(), e.getMessage());
        }
      }
    }
    return out;
  }

  private static ResultFormat safeFormat(ExpectationConfig cfg, ResultFormat dflt) {
    try {
      return ResultFormat.parse(cfg.kwargs().get("result_format"), dflt);
    } catch (BindError e) {
      return dflt;
    }
  }

  private static BoundExpectation bindOne(int index, ExpectationConfig cfg, ColumnTypes schema, String relation,
                                          String indexExpr, String table, MetricHistory history, Severity sev,
                                          OnFail defaultOnFail, ResultFormat defaultFormat) {
    Catalog.Def def = Catalog.find(cfg.type());
    if (def == null) {
      throw new BindError("unknown expectation type; did you mean '"
          + Catalog.closest(cfg.type(), Catalog.types()) + "'?");
    }
    for (String key : cfg.kwargs().keySet()) {
      if (!def.kwargs().contains(key)) {
        throw new BindError("unknown kwarg '" + key + "' (did you mean '" + Catalog.closest(key, def.kwargs())
            + "'?)");
      }
    }
    Kwargs k = new Kwargs(cfg.kwargs());
    ResultFormat format = ResultFormat.parse(cfg.kwargs().get("result_format"), defaultFormat);
    Object ce = cfg.kwargs().get("catch_exceptions");
    if (ce != null && !(ce instanceof Boolean)) {
      throw new BindError("catch_exceptions '" + ce + "' must be true or false");
    }
    Node domain = Exprs.TRUE;
    String rc = k.string("row_condition");
    if (rc != null && !rc.isBlank()) {
      domain = RowCondition.parse(rc, k.string("condition_parser"), schema);
    } else if (k.string("condition_parser") != null) {
      RowCondition.parse("TRUE", k.string("condition_parser"), schema);
    }
    BindContext ctx = new BindContext(cfg, k, schema, relation, domain, indexExpr, table,
        history == null ? MetricHistory.EMPTY : history);
    Check check = def.compiler().apply(ctx);
    boolean rowLocal = check instanceof Check.Map_ m && m.rowLocal();
    OnFail onFail = cfg.onFail() != null ? cfg.onFail() : defaultOnFail;
    if (onFail == OnFail.QUARANTINE && !rowLocal) {
      if (cfg.onFail() == OnFail.QUARANTINE) {
        throw new BindError("on_fail quarantine needs a row-level expectation; " + cfg.type()
            + (check instanceof Check.Map_
                ? " judges each row against the whole relation (its statistics, or the other rows), so whether a"
                    + " row passes is not the row's own property"
                : " judges the table or column as a whole"));
      }
      onFail = OnFail.FAIL;
    }
    return new BoundExpectation(index, cfg, def.kind(), check, sev, onFail, format);
  }
}
