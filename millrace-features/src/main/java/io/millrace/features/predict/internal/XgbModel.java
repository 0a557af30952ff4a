package io.millrace.features.predict.internal;

import io.millrace.api.MillraceException;
import java.nio.file.Files;
import java.nio.file.Path;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * An XGBoost booster. Calls into one booster are serialized: the native predictor caches per-booster
 * state, and a lock costs far less than a prediction (tens of microseconds for one row).
 */
final class XgbModel implements FittedModel {
  static final String FILE = "model.xgb.json";
  private final Booster booster;
  private final int features;

  XgbModel(Booster booster, int features) {
    this.booster = booster;
    this.features = features;
  }

  static XgbModel load(Path dir, int features) {
    try {
      Booster b = XGBoost.loadModel(Files.readAllBytes(dir.resolve(FILE)));
      // scoring is a few rows per call: one thread avoids waking an OpenMP team per call (tail latency)
      b.setParam("nthread", "1");
      return new XgbModel(b, features);
    } catch (Exception e) {
      throw MillraceException.internal(e, "Cannot load model %s: %s", dir.resolve(FILE), e.getMessage());
    }
  }

  @Override
  public double[] scores(float[] rows, int n) {
    try {
      float[][] p;
      synchronized (booster) {
        p = booster.inplace_predict(rows, n, features, Float.NaN);
      }
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = p[i][0];
      }
      return out;
    } catch (XGBoostError e) {
      throw MillraceException.internal(e, "Cannot score %d rows with XGBoost: %s", n, e.getMessage());
    }
  }

  @Override
  public double[][] contributions(float[] rows, int n) {
    DMatrix m = null;
    try {
      m = new DMatrix(rows, n, features, Float.NaN);
      float[][] c;
      synchronized (booster) {
        c = booster.predictContrib(m, 0);
      }
      double[][] out = new double[n][features];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < features; j++) {
          out[i][j] = c[i][j]; // the last column is the bias
        }
      }
      return out;
    } catch (XGBoostError e) {
      throw MillraceException.internal(e, "Cannot explain %d rows with XGBoost: %s", n, e.getMessage());
    } finally {
      if (m != null) {
        m.dispose();
      }
    }
  }

  @Override
  public void save(Path dir) {
    try {
      synchronized (booster) {
        Files.write(dir.resolve(FILE), booster.toByteArray("json"));
      }
    } catch (Exception e) {
      throw MillraceException.external(e, "Cannot write model %s: %s", dir.resolve(FILE), e.getMessage());
    }
  }
}
