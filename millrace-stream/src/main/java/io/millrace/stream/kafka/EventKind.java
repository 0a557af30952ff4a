package io.millrace.stream.kafka;

/** The two event streams the generator writes, each keyed by its entity. */
public enum EventKind {
  /**
   * Recsys user events keyed by {@code user_id}: {@code {"user_id": 17, "event_type": "purchase",
   * "event_data": {"amount": 42.5}, "timestamp": "2025-01-15T13:45:12.345Z"}}; {@code event_data} is
   * {@code {"page": "/p/123"}} for {@code page_view}, {@code click} and {@code add_to_cart}.
   */
  USER_EVENTS("user_events", "user_id"),
  /**
   * Viewing events keyed by {@code content_id}: {@code {"content_id": 42, "user_id": 17,
   * "watch_seconds": 312.5, "timestamp": "2025-01-15T13:45:12.345Z"}}.
   */
  VIEWING("viewing", "content_id");

  private final String defaultTopic;
  private final String keyField;

  EventKind(String defaultTopic, String keyField) {
    this.defaultTopic = defaultTopic;
    this.keyField = keyField;
  }

  public String defaultTopic() {
    return defaultTopic;
  }

  /** The JSON field whose value is the record key. */
  public String keyField() {
    return keyField;
  }

  /**
   * The kind of events a job reads: the one whose default topic the job reads, or whose key field
   * is the job's key and whose topic name is part of the job's name. Empty when the generator makes
   * no input for the job.
   */
  public static java.util.Optional<EventKind> of(io.millrace.api.stream.StreamJobSpec job) {
    for (EventKind k : values()) {
      if (k.defaultTopic.equals(job.topic()) || k.keyField.equals(job.key()) && job.name().contains(k.defaultTopic)) {
        return java.util.Optional.of(k);
      }
    }
    return java.util.Optional.empty();
  }
}
