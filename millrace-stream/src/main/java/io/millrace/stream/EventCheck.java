package io.millrace.stream;

import java.util.List;
import java.util.Map;

/**
 * The per-event checks of a stream job: an event whose typed record fails any of them goes to the
 * dead-letter topic with the descriptions returned. Implementations must be thread-safe and pure (the
 * lake sink re-evaluates them on the same events and must reach the same verdicts).
 */
@FunctionalInterface
public interface EventCheck {
  /** Descriptions of the failed expectations ({@code expect_column_values_to_not_be_null(user_id)}); empty when valid. */
  List<String> failures(Map<String, Object> record);

  /**
   * The job's relation-level expectations, judged per event-time window ({@link WindowChecks}), or
   * null when there are none.
   */
  default WindowChecks windowChecks() {
    return null;
  }

  /** Accepts every event. */
  EventCheck NONE = r -> List.of();
}
