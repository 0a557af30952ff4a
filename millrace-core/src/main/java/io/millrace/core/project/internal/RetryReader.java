package io.millrace.core.project.internal;

import io.millrace.api.project.RetryPolicy;
import java.time.Duration;
import java.util.Map;

/**
 * Reads retry settings ({@code retries, retry_delay, retry_backoff, retry_max_delay, timeout}) on top
 * of a base policy: each key given replaces that part of the base.
 */
final class RetryReader {
  static final String[] KEYS = {"retries", "retry_delay", "retry_backoff", "retry_max_delay", "timeout"};

  private RetryReader() {}

  static RetryPolicy read(Map<String, YNode> f, RetryPolicy base, YNode where) {
    int retries = f.containsKey("retries") ? f.get("retries").integer(0) : base.retries();
    Duration delay = f.containsKey("retry_delay") ? f.get("retry_delay").duration() : base.delay();
    double backoff = f.containsKey("retry_backoff") ? f.get("retry_backoff").number(1.0) : base.backoff();
    Duration maxDelay = f.containsKey("retry_max_delay") ? f.get("retry_max_delay").duration() : base.maxDelay();
    Duration timeout = f.containsKey("timeout") ? f.get("timeout").duration() : base.timeout();
    return where.at(() -> new RetryPolicy(retries, delay, backoff, maxDelay, timeout));
  }
}
