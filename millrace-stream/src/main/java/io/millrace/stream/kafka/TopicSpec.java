package io.millrace.stream.kafka;

import java.util.Map;
import java.util.Objects;

/**
 * A topic to create: name, partition count and topic-level configs (e.g. {@code cleanup.policy}).
 * The replication factor is always the broker's default (1 on the embedded broker).
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {
  public TopicSpec {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || !name.matches("[A-Za-z0-9._-]{1,249}")) {
      throw new IllegalArgumentException("invalid Kafka topic name '" + name + "': use letters, digits, '.', '_' or '-'");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("topic '" + name + "' needs at least 1 partition, not " + partitions);
    }
    configs = Map.copyOf(configs);
  }

  public TopicSpec(String name, int partitions) {
    this(name, partitions, Map.of());
  }
}
