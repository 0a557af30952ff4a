package io.millrace.features.predict.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.millrace.api.MillraceException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a model version was trained from and how ({@code manifest.json} in its artifact folder): enough
 * to score with it (features in order, their types) and to retrain it identically (the entity rows, the
 * snapshot id of every warehouse table read, the label, split and params).
 *
 * @param entities the entity table, or the file name of the copy of the entity file in the artifact
 * @param entitiesIsFile whether {@code entities} is a file copied into the artifact
 * @param tables every warehouse table read, with the snapshot read (null snapshot: not a warehouse table)
 * @param positiveLabel how the positive class is written in the label column ({@code 1} or {@code true})
 * @param rowsWithoutLabel entity rows left out of training because their label is NULL
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(String predictor, String version, String algorithm, String task, String label,
                       String positiveLabel, List<Feature> features, String entities, boolean entitiesIsFile,
                       String timestampColumn, Split split, Map<String, String> params, List<TableRead> tables,
                       long rowsWithoutLabel, String trainedAt, long trainingMillis, Map<String, Object> metrics) {
  public static final String FILE = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** A model input: its feature reference, its column in the training set, its SQL type. */
  public record Feature(String ref, String column, String type) {}

  /** The split as done: rows at or after {@code cutoff} (by {@code column}) were held out. */
  public record Split(String column, double testFraction, String cutoff, long trainRows, long testRows) {}

  /** A warehouse table read, at a snapshot. */
  public record TableRead(String table, Long snapshotId) {}

  public List<String> featureColumns() {
    return features.stream().map(Feature::column).toList();
  }

  public void write(Path dir) {
    try {
      JSON.writeValue(dir.resolve(FILE).toFile(), this);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot write %s: %s", dir.resolve(FILE), e.getMessage());
    }
  }

  public static Manifest read(Path dir) {
    try {
      return JSON.readValue(dir.resolve(FILE).toFile(), Manifest.class);
    } catch (IOException e) {
      throw MillraceException.user("Cannot read model %s: %s", dir.resolve(FILE), e.getMessage());
    }
  }

  static void writeJson(Path file, Object value) {
    try {
      JSON.writeValue(file.toFile(), value);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot write %s: %s", file, e.getMessage());
    }
  }

  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw MillraceException.internal(e, "Cannot write JSON: %s", e.getMessage());
    }
  }
}
