package io.millrace.api.features;

import io.millrace.api.predict.TrainingSetSpec;
import java.util.Objects;

/**
 * A training set declared as a pipeline node ({@code training_sets:} in {@code features/*.yaml}): each run builds
 * it point-in-time after the tables it reads and commits it as the warehouse table {@code name}, which models,
 * exports and predictors read like any table.
 *
 * @param name the node's and the output table's name
 * @param location where it is declared ({@code features/users.yaml:12:3}), for messages
 * @param spec the entity rows (a table or model of the project, or a file) and the features
 */
public record TrainingSetNodeSpec(String name, String location, TrainingSetSpec spec) {
  public TrainingSetNodeSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(spec, "spec");
    location = location == null ? "features" : location;
  }
}
