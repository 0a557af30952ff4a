package io.millrace.stream;

import java.util.Map;

/**
 * The per-entity feature state and scoring of a stream job, as the topology uses it. State is opaque
 * bytes kept in a changelogged RocksDB store per entity key. Implementations must be thread-safe
 * (one instance serves every stream thread) and deterministic.
 */
public interface FeatureLogic {
  /** The state after one more event; {@code state} is null for a new entity. */
  byte[] update(byte[] state, Map<String, Object> event, long eventTimeMillis);

  /** Feature values as of an instant (the entity's latest event time), names in declaration order. */
  Map<String, Object> values(byte[] state, long asOfMillis);

  /** The score of an entity's features, or null when the job has no scoring. */
  Score score(Map<String, Object> features);

  /** A scored entity. */
  record Score(String label, double score, double confidence) {}
}
