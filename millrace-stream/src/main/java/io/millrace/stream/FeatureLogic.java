package io.millrace.stream;

import java.util.Map;

/**
 * The per-entity feature state and scoring of a stream job, as the topology uses it. State is opaque
 * bytes kept in a changelogged RocksDB store per entity key. Implementations must be thread-safe
 * (one instance serves every stream thread) and deterministic.
 */
public interface FeatureLogic {
  /**
   * The state after one more event; {@code state} is null for a new entity.
   *
   * @throws io.millrace.api.MillraceException USER when the event cannot be counted (it is then
   *     dead-lettered with the message, and the entity's state is unchanged)
   */
  byte[] update(byte[] state, Map<String, Object> event, long eventTimeMillis);

  /**
   * Whether an event at {@code eventTimeMillis} is too late for the entity's state to count (earlier
   * than its latest event minus the job's grace). The job dead-letters such an event instead of
   * passing it on uncounted. The default counts every event.
   */
  default boolean isLate(byte[] state, long eventTimeMillis) {
    return false;
  }

  /** Feature values as of an instant at or after the entity's latest event, names in declaration order. */
  Map<String, Object> values(byte[] state, long asOfMillis);

  /**
   * Features for scoring one event just counted: the entity's aggregates with this event's own
   * per-event fields.
   */
  default Map<String, Object> eventValues(byte[] state, Map<String, Object> event) {
    return values(state, Long.MIN_VALUE);
  }

  /** The score of an entity's features, or null when the job has no scoring. */
  Score score(Map<String, Object> features);

  /** A scored entity. */
  record Score(String label, double score, double confidence) {}
}
