package io.millrace.features.predict;

import java.nio.file.Path;

/**
 * A batch of scored entity rows written to a file.
 *
 * @param predictor the predictor's name
 * @param version the model version that scored them
 * @param out the file written
 * @param rows rows written (one per entity row, in input order)
 * @param decisions whether the rows carry {@code decision} and {@code reasons} columns
 */
public record PredictResult(String predictor, String version, Path out, long rows, boolean decisions) {}
