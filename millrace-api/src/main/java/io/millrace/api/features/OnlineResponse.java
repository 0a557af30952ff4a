package io.millrace.api.features;

import java.time.Instant;
import java.util.List;

/**
 * Feast's {@code get-online-features} response: the entity columns, then the features, each with one value,
 * status and event timestamp per entity row.
 *
 * @param featureNames entity column names followed by feature names ({@code metadata.feature_names})
 * @param results one vector per name, in the same order
 */
public record OnlineResponse(List<String> featureNames, List<Vector> results) {
  /** One column of the response. */
  public record Vector(List<Object> values, List<FeatureStatus> statuses, List<Instant> eventTimestamps) {}
}
