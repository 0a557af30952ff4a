package io.millrace.api.predict;

import io.millrace.api.MillraceException;
import io.millrace.api.features.FeatureRef;
import java.util.List;
import java.util.Objects;

/**
 * The training set of a predictor: labelled entity rows joined point-in-time with features.
 *
 * @param entities a warehouse table or model of the project, or a file (relative to the project folder:
 *     {@code .csv}, {@code .parquet}, {@code .jsonl}) holding the entity key column(s), the timestamp
 *     column and the label
 * @param features {@code view:feature} references or whole views; empty when {@code service} is given
 * @param service a feature service's name, or null
 * @param timestampColumn the entity rows' timestamp column ({@code event_timestamp} by default)
 */
public record TrainingSetSpec(String entities, List<FeatureRef> features, String service, String timestampColumn) {
  public static final String DEFAULT_TIMESTAMP = "event_timestamp";

  public TrainingSetSpec {
    Objects.requireNonNull(entities, "entities");
    features = features == null ? List.of() : List.copyOf(features);
    timestampColumn = timestampColumn == null ? DEFAULT_TIMESTAMP : timestampColumn;
    if (entities.isBlank()) {
      throw MillraceException.user("Cannot declare training set: 'entities' is empty (a table, model or file)");
    }
    if (features.isEmpty() == (service == null)) {
      throw MillraceException.user("Cannot declare training set: give exactly one of 'features' or 'service'");
    }
  }

  /** Whether {@link #entities} names a file rather than a table: it has a data file extension or a slash. */
  public boolean entitiesIsFile() {
    String e = entities.toLowerCase(java.util.Locale.ROOT);
    return e.endsWith(".csv") || e.endsWith(".parquet") || e.endsWith(".jsonl") || e.endsWith(".ndjson")
        || e.contains("/");
  }
}
