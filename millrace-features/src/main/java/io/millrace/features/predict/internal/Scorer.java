package io.millrace.features.predict.internal;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.predict.Algorithm;
import io.millrace.api.predict.Prediction;
import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.predict.RuleSpec;
import io.millrace.api.predict.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model version ready to score: its manifest, the model, the predictor's rules. Rows in, scored
 * rows with label, decision and reasons out. Immutable and thread-safe.
 */
public final class Scorer {
  private final Manifest manifest;
  private final FittedModel model;
  private final Rules rules;
  private final List<String> columns;

  private Scorer(Manifest manifest, FittedModel model, Rules rules) {
    this.manifest = manifest;
    this.model = model;
    this.rules = rules;
    this.columns = manifest.featureColumns();
  }

  /** Loads a version's model from its artifact folder, with the predictor's current rules. */
  public static Scorer load(PredictorSpec spec, Path dir) {
    Manifest m = Manifest.read(dir);
    FittedModel model = Algorithm.valueOf(m.algorithm()) == Algorithm.XGBOOST ? XgbModel.load(dir, m.features().size())
        : LinearModel.load(dir);
    return new Scorer(m, model, rules(spec, m));
  }

  static Scorer of(PredictorSpec spec, Manifest m, FittedModel model) {
    return new Scorer(m, model, rules(spec, m));
  }

  private static Rules rules(PredictorSpec spec, Manifest m) {
    Map<String, LogicalType> types = new LinkedHashMap<>();
    m.features().forEach(f -> types.put(f.column(), LogicalType.valueOf(f.type())));
    return new Rules(spec.name(), spec.rules(), types);
  }

  public Manifest manifest() {
    return manifest;
  }

  public boolean hasDecisions() {
    return !rules.isEmpty();
  }

  /** The model's input columns, in order. */
  public List<String> columns() {
    return columns;
  }

  /**
   * Scores rows of feature values (column name to value; absent or NULL is missing).
   *
   * @param entities each row's entity columns, reported back as they are
   */
  public List<Prediction.Row> score(List<Map<String, Object>> rows, List<Map<String, Object>> entities) {
    int n = rows.size();
    int f = columns.size();
    float[] x = new float[n * f];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < f; j++) {
        x[i * f + j] = number(columns.get(j), rows.get(i).get(columns.get(j)));
      }
    }
    double[] scores = model.scores(x, n);
    double[][] contrib = rules.topReasons() > 0 ? model.contributions(x, n) : null;
    List<Prediction.Row> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<RuleSpec> fired = rules.fired(rows.get(i));
      String decision = rules.decide(rows.get(i), scores[i], fired);
      List<Prediction.Reason> reasons = new ArrayList<>();
      fired.forEach(r -> reasons.add(new Prediction.Reason("rule", r.name(), r.reason(), null)));
      if (contrib != null) {
        reasons.addAll(top(contrib[i], rows.get(i)));
      }
      out.add(new Prediction.Row(entities.get(i), scores[i], label(scores[i]), decision, reasons));
    }
    return out;
  }

  private String label(double score) {
    if (Task.valueOf(manifest.task()) != Task.CLASSIFICATION) {
      return null;
    }
    boolean positive = score >= 0.5;
    return "true".equals(manifest.positiveLabel()) ? String.valueOf(positive) : positive ? "1" : "0";
  }

  private List<Prediction.Reason> top(double[] c, Map<String, Object> row) {
    List<Integer> order = new ArrayList<>();
    for (int j = 0; j < c.length; j++) {
      if (c[j] != 0) {
        order.add(j);
      }
    }
    order.sort(Comparator.comparingDouble((Integer j) -> -Math.abs(c[j])));
    List<Prediction.Reason> out = new ArrayList<>();
    for (int j : order.subList(0, Math.min(rules.topReasons(), order.size()))) {
      String col = columns.get(j);
      out.add(new Prediction.Reason("feature", col, col + " = " + row.get(col), c[j]));
    }
    return out;
  }

  static float number(String column, Object v) {
    if (v == null) {
      return Float.NaN;
    }
    if (v instanceof Number num) {
      return num.floatValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    throw MillraceException.user("Cannot score feature '%s': %s is not a number", column, v);
  }
}
