package io.millrace.api.project;

import io.millrace.api.MillraceException;
import java.time.Duration;
import java.util.Objects;

/**
 * Retries of a failing node: attempt {@code n} (1-based) waits {@code delay * backoff^(n-1)}, capped
 * at {@code maxDelay}, before attempt {@code n+1}.
 *
 * @param retries extra attempts after the first (0 = run once)
 * @param delay wait before the first retry
 * @param backoff multiplier applied to the delay for each further retry (>= 1)
 * @param maxDelay upper bound of one wait
 * @param timeout wall-clock limit of one attempt; {@link Duration#ZERO} means none
 */
public record RetryPolicy(int retries, Duration delay, double backoff, Duration maxDelay, Duration timeout) {
  /** Airflow-like defaults: 3 retries, 5 minutes apart, doubling, at most 1 hour, no timeout. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofMinutes(5), 2.0, Duration.ofHours(1), Duration.ZERO);

  public RetryPolicy {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(timeout, "timeout");
    if (retries < 0) {
      throw MillraceException.user("Cannot use retries=%d: must be >= 0", retries);
    }
    if (backoff < 1.0) {
      throw MillraceException.user("Cannot use retry backoff %s: must be >= 1", backoff);
    }
  }

  /** Wait before attempt {@code attempt + 1}, given that {@code attempt} (1-based) failed. */
  public Duration delayAfter(int attempt) {
    double millis = delay.toMillis() * Math.pow(backoff, Math.max(0, attempt - 1));
    return Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
  }
}
