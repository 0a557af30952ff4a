package io.millrace.features.predict.internal;

import io.millrace.api.predict.Task;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

/**
 * Held-out metrics. Classification (threshold 0.5): {@code auc} (Tribuo's ROC AUC; null when the
 * held-out part has one class only), {@code accuracy}, {@code log_loss} (probabilities clipped to
 * [1e-15, 1 - 1e-15], as scikit-learn does), {@code confusion_matrix} {tp, fp, tn, fn}. Regression:
 * {@code rmse}, {@code mae}, {@code r2} (1 - SS_res / SS_tot; null when the labels are constant).
 */
public final class Metrics {
  private Metrics() {}

  public static Map<String, Object> of(Task task, double[] y, double[] score) {
    return task == Task.CLASSIFICATION ? classification(y, score) : regression(y, score);
  }

  static Map<String, Object> classification(double[] y, double[] p) {
    int tp = 0;
    int fp = 0;
    int tn = 0;
    int fn = 0;
    double loss = 0;
    boolean[] positive = new boolean[y.length];
    for (int i = 0; i < y.length; i++) {
      positive[i] = y[i] == 1;
      boolean predicted = p[i] >= 0.5;
      if (positive[i]) {
        tp += predicted ? 1 : 0;
        fn += predicted ? 0 : 1;
      } else {
        fp += predicted ? 1 : 0;
        tn += predicted ? 0 : 1;
      }
      double q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]));
      loss -= positive[i] ? Math.log(q) : Math.log(1 - q);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("auc", tp + fn == 0 || tn + fp == 0 ? null : LabelEvaluationUtil.binaryAUCROC(positive, p));
    out.put("accuracy", (double) (tp + tn) / y.length);
    out.put("log_loss", loss / y.length);
    Map<String, Object> cm = new LinkedHashMap<>();
    cm.put("tp", tp);
    cm.put("fp", fp);
    cm.put("tn", tn);
    cm.put("fn", fn);
    out.put("confusion_matrix", cm);
    out.put("positive_rate", (double) (tp + fn) / y.length);
    return out;
  }

  static Map<String, Object> regression(double[] y, double[] pred) {
    double mean = 0;
    for (double v : y) {
      mean += v;
    }
    mean /= y.length;
    double se = 0;
    double ae = 0;
    double tot = 0;
    for (int i = 0; i < y.length; i++) {
      double e = y[i] - pred[i];
      se += e * e;
      ae += Math.abs(e);
      tot += (y[i] - mean) * (y[i] - mean);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rmse", Math.sqrt(se / y.length));
    out.put("mae", ae / y.length);
    out.put("r2", tot == 0 ? null : 1 - se / tot);
    return out;
  }
}
