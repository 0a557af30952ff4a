package io.millrace.stream.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One generated event: its record key (the entity id as text; null when an invalid event has no
 * key), its JSON text, and how it was made invalid ({@code null} for a valid event).
 */
public record GeneratedEvent(String key, String json, InvalidKind invalid) {
  public GeneratedEvent {
    Objects.requireNonNull(json, "json");
  }

  public boolean valid() {
    return invalid == null;
  }

  public byte[] keyBytes() {
    return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
  }

  public byte[] valueBytes() {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
