package io.millrace.features.predict.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.predict.Algorithm;
import io.millrace.api.predict.PredictorSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * Logistic and linear regression with Tribuo's SGD trainers (AdaGrad, fixed seed), on standardized
 * features with NULLs imputed by the training mean (Tribuo has no notion of a missing value). The
 * trained weights are read back into a {@link LinearModel} for scoring; the Tribuo model file is
 * stored beside it ({@code model.tribuo}). Params: {@code epochs} (default 20), {@code learning_rate}
 * (default 0.5), {@code minibatch} (default 1), {@code seed} (default 1).
 */
final class TribuoTrainer {
  static final Set<String> PARAMS = Set.of("epochs", "learning_rate", "minibatch", "seed");
  static final String FILE = "model.tribuo";
  private static final String POSITIVE = "1";
  private static final String NEGATIVE = "0";

  private TribuoTrainer() {}

  /** A trained model: the scorer and Tribuo's own model (for the artifact). */
  record Trained(LinearModel model, Model<?> tribuo) {
    void save(Path dir) {
      model.save(dir);
      try {
        tribuo.serializeToFile(dir.resolve(FILE));
      } catch (IOException e) {
        throw MillraceException.external(e, "Cannot write model %s: %s", dir.resolve(FILE), e.getMessage());
      }
    }
  }

  static Trained train(PredictorSpec spec, Matrix train) {
    Params p = new Params(spec, PARAMS);
    int epochs = p.integer("epochs", 20, 1);
    double rate = p.number("learning_rate", 0.5);
    int batch = p.integer("minibatch", 1, 1);
    long seed = p.integer("seed", 1, 0);
    int f = train.features();
    double[] mean = new double[f];
    double[] std = new double[f];
    standardization(train, mean, std);
    String[] names = new String[f];
    for (int j = 0; j < f; j++) {
      names[j] = String.format("f%04d", j); // Tribuo orders features by name: keep that the column order
    }
    LinearModel shape = new LinearModel(mean, std, new double[f], 0, spec.algorithm() == Algorithm.LOGISTIC_REGRESSION);
    if (spec.algorithm() == Algorithm.LOGISTIC_REGRESSION) {
      LabelFactory factory = new LabelFactory();
      MutableDataset<Label> data = dataset(factory);
      for (int i = 0; i < train.n(); i++) {
        data.add(new ArrayExample<>(new Label(train.y()[i] == 1 ? POSITIVE : NEGATIVE), names, row(shape, train, i)));
      }
      if (data.getOutputInfo().size() < 2) {
        throw MillraceException.user("Cannot train predictor '%s' (%s): the training part has only one class; "
            + "a classifier needs both 0 and 1 labels", spec.name(), spec.location());
      }
      var trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(rate, 1e-6), epochs, -1, batch, seed);
      Model<Label> model = trainer.train(data);
      DenseMatrix w = ((org.tribuo.common.sgd.AbstractLinearSGDModel<Label>) model).getWeightsCopy();
      int pos = model.getOutputIDInfo().getID(new Label(POSITIVE));
      int neg = model.getOutputIDInfo().getID(new Label(NEGATIVE));
      double[] weights = new double[f];
      for (int j = 0; j < f; j++) {
        int id = model.getFeatureIDMap().getID(names[j]);
        weights[j] = id < 0 ? 0 : w.get(pos, id) - w.get(neg, id);
      }
      double bias = w.get(pos, w.getDimension2Size() - 1) - w.get(neg, w.getDimension2Size() - 1);
      return new Trained(new LinearModel(mean, std, weights, bias, true), model);
    }
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> data = dataset(factory);
    for (int i = 0; i < train.n(); i++) {
      data.add(new ArrayExample<>(new Regressor("y", train.y()[i]), names, row(shape, train, i)));
    }
    var trainer = new org.tribuo.regression.sgd.linear.LinearSGDTrainer(new SquaredLoss(), new AdaGrad(rate, 1e-6),
        epochs, -1, batch, seed);
    Model<Regressor> model = trainer.train(data);
    DenseMatrix w = ((org.tribuo.common.sgd.AbstractLinearSGDModel<Regressor>) model).getWeightsCopy();
    double[] weights = new double[f];
    for (int j = 0; j < f; j++) {
      int id = model.getFeatureIDMap().getID(names[j]);
      weights[j] = id < 0 ? 0 : w.get(0, id);
    }
    return new Trained(new LinearModel(mean, std, weights, w.get(0, w.getDimension2Size() - 1), false), model);
  }

  private static <T extends org.tribuo.Output<T>> MutableDataset<T> dataset(OutputFactory<T> factory) {
    var provenance = new SimpleDataSourceProvenance("millrace training set",
        OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), factory); // fixed: provenance does not affect the fit
    return new MutableDataset<>(provenance, factory);
  }

  private static double[] row(LinearModel shape, Matrix m, int i) {
    double[] out = new double[m.features()];
    for (int j = 0; j < out.length; j++) {
      out[j] = shape.z(j, m.get(i, j));
    }
    return out;
  }

  /** Mean and standard deviation of each column over its non-missing values (std 1 when constant). */
  private static void standardization(Matrix m, double[] mean, double[] std) {
    for (int j = 0; j < m.features(); j++) {
      double sum = 0;
      double sq = 0;
      int count = 0;
      for (int i = 0; i < m.n(); i++) {
        float v = m.get(i, j);
        if (!Float.isNaN(v)) {
          sum += v;
          sq += (double) v * v;
          count++;
        }
      }
      mean[j] = count == 0 ? 0 : sum / count;
      double var = count == 0 ? 0 : sq / count - mean[j] * mean[j];
      std[j] = var > 1e-12 ? Math.sqrt(var) : 1;
    }
  }
}
