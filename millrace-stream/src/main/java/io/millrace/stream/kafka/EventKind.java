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
}
