package io.millrace.stream.kafka;

import java.util.Locale;

/**
 * The ways the generator makes an event invalid. Each one fails a plain stream-job check on the
 * event's documented shape (key not null and an integer, {@code event_type} in the four known types,
 * amounts and durations not negative, a parseable ISO-8601 timestamp) or does not parse at all.
 */
public enum InvalidKind {
  /** The key field ({@code user_id} or {@code content_id}) is absent or null. */
  MISSING_KEY,
  /** {@code event_type} is not one of page_view, click, add_to_cart, purchase (user events only). */
  UNKNOWN_EVENT_TYPE,
  /** A negative purchase amount or watch duration. */
  NEGATIVE_VALUE,
  /** The value is not JSON (truncated, or not an object). */
  MALFORMED_JSON,
  /** {@code timestamp} is not an ISO-8601 instant. */
  BAD_TIMESTAMP,
  /** A field has the wrong JSON type: the key is a non-numeric string, or the amount/duration is. */
  WRONG_TYPE;

  /** The snake-case name used in summaries and JSON output, e.g. {@code missing_key}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this kind can be injected into events of {@code kind}. */
  public boolean appliesTo(EventKind kind) {
    return this != UNKNOWN_EVENT_TYPE || kind == EventKind.USER_EVENTS;
  }
}
