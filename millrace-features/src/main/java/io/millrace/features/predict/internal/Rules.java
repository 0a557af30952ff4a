package io.millrace.features.predict.internal;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.predict.RuleSpec;
import io.millrace.api.predict.RulesSpec;
import io.millrace.quality.RowExpression;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A predictor's rules and decisions, parsed as row expressions (the stream checks' vocabulary) over
 * the model's feature columns; decisions also read {@code score}. Immutable and thread-safe.
 */
public final class Rules {
  /** The column decisions read the model's score from. */
  public static final String SCORE = "score";
  private final RulesSpec spec;
  private final List<RowExpression> when = new ArrayList<>();
  private final Map<String, RowExpression> decisions = new LinkedHashMap<>();

  /**
   * @param columns the feature columns and their types
   * @throws MillraceException USER naming the rule, its file and line, and the parse error
   */
  public Rules(String predictor, RulesSpec spec, Map<String, LogicalType> columns) {
    this.spec = spec;
    for (RuleSpec r : spec.rules()) {
      when.add(parse(predictor, "rule '" + r.name() + "' (" + r.location() + ")", r.when(), columns));
    }
    Map<String, LogicalType> withScore = new HashMap<>(columns);
    withScore.put(SCORE, LogicalType.DOUBLE);
    spec.decisions().forEach((d, cond) -> decisions.put(d, parse(predictor, "decision '" + d + "'", cond, withScore)));
  }

  private static RowExpression parse(String predictor, String what, String text, Map<String, LogicalType> columns) {
    try {
      RowExpression e = RowExpression.parse(text, columns);
      if (e.type() != LogicalType.BOOLEAN) {
        throw MillraceException.user("'%s' is %s, not a condition", text, e.type());
      }
      return e;
    } catch (MillraceException e) {
      throw MillraceException.user("Cannot load predictor '%s': %s: %s (columns: %s)", predictor, what, e.getMessage(),
          String.join(", ", columns.keySet()));
    }
  }

  public boolean isEmpty() {
    return spec.rules().isEmpty() && spec.decisions().isEmpty();
  }

  public int topReasons() {
    return spec.topReasons();
  }

  /** The rules that fire on a row, in declaration order. */
  public List<RuleSpec> fired(Map<String, Object> row) {
    List<RuleSpec> out = new ArrayList<>();
    for (int i = 0; i < when.size(); i++) {
      if (Boolean.TRUE.equals(when.get(i).eval(row))) {
        out.add(spec.rules().get(i));
      }
    }
    return out;
  }

  /**
   * The decision: the most severe of the model's (the first decision whose condition holds with
   * {@code score}) and those proposed by the fired rules; null without decisions.
   */
  public String decide(Map<String, Object> row, double score, List<RuleSpec> fired) {
    if (decisions.isEmpty()) {
      return null;
    }
    Map<String, Object> withScore = new HashMap<>(row);
    withScore.put(SCORE, score);
    String best = null;
    for (Map.Entry<String, RowExpression> d : decisions.entrySet()) {
      if (Boolean.TRUE.equals(d.getValue().eval(withScore))) {
        best = d.getKey();
        break;
      }
    }
    for (RuleSpec r : fired) {
      if (r.decision() != null && (best == null || spec.severity(r.decision()) < spec.severity(best))) {
        best = r.decision();
      }
    }
    return best;
  }
}
