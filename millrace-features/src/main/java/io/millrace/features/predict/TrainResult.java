package io.millrace.features.predict;

import java.nio.file.Path;
import java.util.Map;

/**
 * A trained model version.
 *
 * @param predictor the predictor's name
 * @param version the new version ({@code v3})
 * @param artifact its folder
 * @param metrics held-out metrics by name ({@code auc}, {@code accuracy}, {@code log_loss},
 *     {@code confusion_matrix}; or {@code rmse}, {@code mae}, {@code r2})
 * @param trainRows rows trained on
 * @param testRows rows held out
 * @param rowsWithoutLabel entity rows left out because their label is NULL
 * @param millis wall time of the whole training (training set included)
 */
public record TrainResult(String predictor, String version, Path artifact, Map<String, Object> metrics,
                          long trainRows, long testRows, long rowsWithoutLabel, long millis) {}
