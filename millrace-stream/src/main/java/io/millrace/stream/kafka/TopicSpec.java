package io.millrace.stream.kafka;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A topic to create: name, partition count, replication factor and topic-level configs (e.g.
 * {@code cleanup.policy}, {@code min.insync.replicas}).
 *
 * @param replicationFactor replicas per partition; 0 for the broker's {@code default.replication.factor}
 *     (1 on the embedded broker, 3 on {@code millrace kafka start --brokers 3})
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs, int replicationFactor) {
  public TopicSpec {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || !name.matches("[A-Za-z0-9._-]{1,249}")) {
      throw new IllegalArgumentException("invalid Kafka topic name '" + name + "': use letters, digits, '.', '_' or '-'");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("topic '" + name + "' needs at least 1 partition, not " + partitions);
    }
    if (replicationFactor < 0) {
      throw new IllegalArgumentException("topic '" + name + "' needs a replication factor >= 1 (or 0 for the broker's "
          + "default), not " + replicationFactor);
    }
    configs = Map.copyOf(configs);
  }

  public TopicSpec(String name, int partitions, Map<String, String> configs) {
    this(name, partitions, configs, 0);
  }

  public TopicSpec(String name, int partitions) {
    this(name, partitions, Map.of());
  }

  /**
   * This topic with {@code replicationFactor} replicas (0: the broker's default) and
   * {@code min.insync.replicas} set to {@code minInsyncReplicas} (0: the broker's default).
   */
  public TopicSpec replicated(int replicationFactor, int minInsyncReplicas) {
    Map<String, String> c = new TreeMap<>(configs);
    if (minInsyncReplicas > 0) {
      c.put("min.insync.replicas", String.valueOf(minInsyncReplicas));
    }
    return new TopicSpec(name, partitions, c, replicationFactor);
  }
}
