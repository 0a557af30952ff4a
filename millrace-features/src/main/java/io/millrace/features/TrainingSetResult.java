package io.millrace.features;

import java.nio.file.Path;
import java.util.List;

/**
 * A written training set.
 *
 * @param out the file written
 * @param rows rows written (one per entity row)
 * @param columns output columns in order: the entity input's, then one per feature
 */
public record TrainingSetResult(Path out, long rows, List<String> columns) {
  public TrainingSetResult {
    columns = List.copyOf(columns);
  }
}
