package io.millrace.quality;

import io.millrace.api.spi.MetricHistory;

/**
 * How to validate. Immutable; {@code withX} returns a copy.
 *
 * @param resultFormat default {@code result_format} of expectations that set none (GE's default: SUMMARY)
 * @param indexExpression SQL giving each row's index (e.g. {@code rowid} or a key column); when set,
 *     results carry {@code unexpected_index_list} and ordered checks use it; null for none
 * @param indexName key of the index in {@code unexpected_index_list} entries
 * @param completeLimit cap of {@code unexpected_list} under COMPLETE, so results never grow unbounded
 * @param table table name used to look up metric history (anomaly expectations); may be null
 * @param history past metric values for anomaly expectations
 * @param fuseAll compute every aggregate in one query instead of one per cost class (for measurements)
 */
public record ValidationOptions(String resultFormat, String indexExpression, String indexName, int completeLimit,
                                String table, MetricHistory history, boolean fuseAll) {
  public static final ValidationOptions DEFAULT =
      new ValidationOptions("SUMMARY", null, null, 10_000, null, MetricHistory.EMPTY, false);

  public ValidationOptions {
    resultFormat = resultFormat == null ? "SUMMARY" : resultFormat;
    history = history == null ? MetricHistory.EMPTY : history;
    indexName = indexName == null ? indexExpression : indexName;
    if (completeLimit < 0) {
      throw new IllegalArgumentException("completeLimit " + completeLimit + " must be >= 0");
    }
  }

  public ValidationOptions withResultFormat(String format) {
    return new ValidationOptions(format, indexExpression, indexName, completeLimit, table, history, fuseAll);
  }

  public ValidationOptions withIndex(String expression, String name) {
    return new ValidationOptions(resultFormat, expression, name, completeLimit, table, history, fuseAll);
  }

  public ValidationOptions withHistory(String table, MetricHistory history) {
    return new ValidationOptions(resultFormat, indexExpression, indexName, completeLimit, table, history, fuseAll);
  }

  public ValidationOptions withFuseAll(boolean fuse) {
    return new ValidationOptions(resultFormat, indexExpression, indexName, completeLimit, table, history, fuse);
  }
}
