package io.millrace.api.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * One notification of an alert, as kept in the run store's alert history: the latest event of an
 * (alert, subject) pair is that pair's current state.
 *
 * @param project project name
 * @param alert alert name
 * @param subject what the condition is about: a table, {@code table/suite}, a stream job, or "" for the
 *     whole project (run_failed)
 * @param state firing or resolved
 * @param time when the notification was made
 * @param summary one line a person can act on
 * @param runId the run that caused it, or null (periodic checks)
 * @param delivery the delivery result: {@code delivered}, {@code delivered after N attempts},
 *     {@code failed: reason}, or {@code suppressed (repeat)}
 */
public record AlertEvent(String project, String alert, String subject, AlertState state, Instant time,
                         String summary, String runId, String delivery) {
  public AlertEvent {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(alert, "alert");
    subject = subject == null ? "" : subject;
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(time, "time");
  }

  /** Whether the notification reached its destination. */
  public boolean delivered() {
    return delivery != null && delivery.startsWith("delivered");
  }
}
