package io.millrace.stream.internal;

import java.util.Map;

/** What validation made of one input record: a valid event or a dead letter (passed in memory, never serialized). */
public sealed interface Routed {
  /**
   * @param record typed fields
   * @param key entity key
   * @param eventTime event time, epoch millis
   * @param ingestTime the input record's timestamp (when it was produced), for latency
   */
  record Valid(Map<String, Object> record, String key, long eventTime, long ingestTime) implements Routed {}

  /** The dead-letter record's JSON. */
  record Dead(byte[] json) implements Routed {}
}
