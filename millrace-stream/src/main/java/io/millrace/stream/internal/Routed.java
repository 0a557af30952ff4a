package io.millrace.stream.internal;

import java.util.Map;

/** What the topology made of one input record so far (passed in memory between processors, never serialized). */
public sealed interface Routed {
  /**
   * An event that parsed and passed its checks.
   *
   * @param record typed fields
   * @param key entity key
   * @param eventTime event time, epoch millis
   * @param ingestTime the input record's timestamp (when it was produced), for latency
   * @param raw the input bytes (for a dead letter raised later)
   * @param partition input partition
   * @param offset input offset
   */
  record Valid(Map<String, Object> record, String key, long eventTime, long ingestTime, byte[] raw,
               int partition, long offset) implements Routed {}
}
