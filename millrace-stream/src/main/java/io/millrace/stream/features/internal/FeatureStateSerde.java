package io.millrace.stream.features.internal;

import io.millrace.stream.features.FeatureEngine;
import io.millrace.stream.features.FeatureState;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde of one engine's {@link FeatureState}s, for a key-value store of entity states. A null
 * value stays null (a deleted entity).
 */
public final class FeatureStateSerde implements Serde<FeatureState> {
  private final FeatureEngine engine;

  public FeatureStateSerde(FeatureEngine engine) {
    this.engine = engine;
  }

  @Override
  public Serializer<FeatureState> serializer() {
    return (topic, state) -> state == null ? null : engine.toBytes(state);
  }

  @Override
  public Deserializer<FeatureState> deserializer() {
    return (topic, bytes) -> bytes == null ? null : engine.fromBytes(bytes);
  }
}
