package io.millrace.api.alert;

import io.millrace.api.MillraceException;
import io.millrace.api.project.CheckSpec.Severity;
import java.time.Duration;
import java.util.Objects;

/**
 * One entry of {@code alerts:} in {@code millrace.yaml}: a condition, where to send it, and how often.
 *
 * @param name unique alert name
 * @param when the condition
 * @param severity for {@link When#CHECK_FAILED}: the lowest severity that fires (WARN fires on warnings and
 *     errors, ERROR only on errors); null elsewhere
 * @param table for {@link When#FRESHNESS} (required) and {@link When#CHECK_FAILED}/{@link When#ANOMALY}
 *     (optional filter): a warehouse table; null when not given
 * @param maxAge for {@link When#FRESHNESS}: the longest time since the table's last successful commit
 * @param job for {@link When#STREAM_LAG}: a stream job name, or null for every job
 * @param threshold for {@link When#STREAM_LAG}: records behind; for {@link When#DEAD_LETTERS}: the fraction
 *     of a run's events dead-lettered (0.01 = 1 %) above which the alert fires; 0 elsewhere
 * @param delivery where a notification goes
 * @param repeat how long a firing alert stays quiet before it is sent again
 * @param retries delivery attempts after the first one fails
 * @param retryDelay delay before the first retry (doubled for each next one)
 * @param location {@code millrace.yaml:line:column} of the entry, for messages
 */
public record AlertSpec(String name, When when, Severity severity, String table, Duration maxAge, String job,
                        double threshold, AlertDelivery delivery, Duration repeat, int retries, Duration retryDelay,
                        String location) {
  public static final Duration DEFAULT_REPEAT = Duration.ofHours(4);
  public static final int DEFAULT_RETRIES = 3;
  public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);

  /** What an alert watches. */
  public enum When {
    /** a run (batch or stream) ended FAILED; resolved by the next successful run */
    RUN_FAILED,
    /** a check (suite on a table) failed with an expectation of at least {@code severity} */
    CHECK_FAILED,
    /** a table was not committed within {@code max_age} (the timeliness rule) */
    FRESHNESS,
    /** an anomaly expectation ({@code expect_*_to_not_be_anomalous}) failed */
    ANOMALY,
    /** a stream job's consumer lag is above {@code threshold} records */
    STREAM_LAG,
    /** a stream run dead-lettered more than {@code threshold} of its events */
    DEAD_LETTERS;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public AlertSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(when, "when");
    Objects.requireNonNull(delivery, "delivery");
    repeat = repeat == null ? DEFAULT_REPEAT : repeat;
    retryDelay = retryDelay == null ? DEFAULT_RETRY_DELAY : retryDelay;
    if (when == When.FRESHNESS && (table == null || maxAge == null)) {
      throw MillraceException.user("Cannot configure alert '%s': a freshness alert needs 'table' and 'max_age'", name);
    }
    if (retries < 0) {
      throw MillraceException.user("Cannot configure alert '%s': retries must be >= 0, got %d", name, retries);
    }
  }
}
