package io.millrace.api.predict;

import io.millrace.api.MillraceException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A predictor as declared in {@code predictors/<name>.yaml}: what it learns from (a point-in-time
 * training set), what it predicts (the label, the task), how (the algorithm, its hyperparameters, a
 * time-based split) and how scores become decisions (the rules layer).
 *
 * @param name the predictor's name (letters, digits, _; unique in the project)
 * @param location where it is declared ({@code predictors/buy.yaml:1:1}), for messages
 * @param trainingSet entity rows with labels, and the features to join
 * @param label the label column of the entity rows
 * @param task classification or regression
 * @param algorithm xgboost, logistic_regression or linear_regression (must support the task)
 * @param split the time-based train/test split
 * @param params hyperparameters, as written (numbers and words); the algorithm reads the ones it knows
 *     and refuses the others
 * @param rules the rules layer and decisions ({@link RulesSpec#NONE} when absent)
 * @param retrain {@code retrain: true} or a period: the predictor is also a pipeline node {@code train:<name>},
 *     run after the tables its training set reads
 * @param retrainEvery {@code retrain: 1d}: the node trains a new version only when the latest one is at least
 *     this old (its own schedule inside the pipeline's); null: a new version on every run
 */
public record PredictorSpec(String name, String location, TrainingSetSpec trainingSet, String label, Task task,
                            Algorithm algorithm, SplitSpec split, Map<String, String> params, RulesSpec rules,
                            boolean retrain, java.time.Duration retrainEvery) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public PredictorSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(trainingSet, "trainingSet");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(algorithm, "algorithm");
    location = location == null ? "predictors" : location;
    split = split == null ? SplitSpec.DEFAULT : split;
    params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    rules = rules == null ? RulesSpec.NONE : rules;
    if (!NAME.matcher(name).matches()) {
      throw MillraceException.user("Cannot declare predictor '%s': the name must be letters, digits and _ and start "
          + "with a letter or _", name);
    }
    if (label == null || label.isBlank()) {
      throw MillraceException.user("Cannot declare predictor '%s': 'label' (the label column of the entity rows) is "
          + "missing", name);
    }
    if (!algorithm.supports(task)) {
      throw MillraceException.user("Cannot declare predictor '%s': algorithm %s cannot learn %s (use %s)", name,
          algorithm.word(), task.name().toLowerCase(java.util.Locale.ROOT),
          task == Task.CLASSIFICATION ? "xgboost or logistic_regression" : "xgboost or linear_regression");
    }
  }
  /** A predictor trained on every run when {@code retrain}. */
  public PredictorSpec(String name, String location, TrainingSetSpec trainingSet, String label, Task task,
                       Algorithm algorithm, SplitSpec split, Map<String, String> params, RulesSpec rules,
                       boolean retrain) {
    this(name, location, trainingSet, label, task, algorithm, split, params, rules, retrain, null);
  }


  /** A predictor that is not a pipeline node. */
  public PredictorSpec(String name, String location, TrainingSetSpec trainingSet, String label, Task task,
                       Algorithm algorithm, SplitSpec split, Map<String, String> params, RulesSpec rules) {
    this(name, location, trainingSet, label, task, algorithm, split, params, rules, false);
  }

  /** The name of its pipeline node ({@code train:<name>}). */
  public String nodeName() {
    return "train:" + name;
  }

  /** The column the split orders by: {@link SplitSpec#by()} or the entity timestamp. */
  public String splitColumn() {
    return split.by() == null ? trainingSet.timestampColumn() : split.by();
  }
}
