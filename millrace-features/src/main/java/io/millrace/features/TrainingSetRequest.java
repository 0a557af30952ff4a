package io.millrace.features;

import io.millrace.api.MillraceException;
import io.millrace.api.features.FeatureRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link TrainingSets#build} builds.
 *
 * @param entitiesFile a CSV, JSONL or Parquet file of entity rows, or null when {@code entitiesTable} is given
 * @param entitiesTable a table queryable in the session, or null when {@code entitiesFile} is given
 * @param features {@code view:feature} references or whole views; empty when {@code service} is given
 * @param service a feature service name, or null
 * @param out the output file, {@code .parquet} or {@code .csv}
 * @param timestampColumn the entity rows' timestamp column ({@code event_timestamp} by default)
 * @param fullFeatureNames name output columns {@code <view>__<feature>} instead of {@code <feature>}
 */
public record TrainingSetRequest(Path entitiesFile, String entitiesTable, List<FeatureRef> features, String service,
                                 Path out, String timestampColumn, boolean fullFeatureNames) {
  public static final String DEFAULT_TIMESTAMP = "event_timestamp";

  public TrainingSetRequest {
    features = features == null ? List.of() : List.copyOf(features);
    Objects.requireNonNull(out, "out");
    timestampColumn = timestampColumn == null ? DEFAULT_TIMESTAMP : timestampColumn;
    if ((entitiesFile == null) == (entitiesTable == null)) {
      throw MillraceException.user("Cannot build a training set: give the entity rows as exactly one of a file or a table");
    }
    if (features.isEmpty() == (service == null)) {
      throw MillraceException.user("Cannot build a training set: give exactly one of --features view:feature,... or --service NAME");
    }
    String name = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (!name.endsWith(".parquet") && !name.endsWith(".csv")) {
      throw MillraceException.user("Cannot write training set to %s: the file name must end in .parquet or .csv", out);
    }
  }

  /** Whether the output is Parquet (else CSV). */
  public boolean parquet() {
    return out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".parquet");
  }
}
