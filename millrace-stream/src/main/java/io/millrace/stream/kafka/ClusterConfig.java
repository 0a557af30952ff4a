package io.millrace.stream.kafka;

import io.millrace.api.stream.StreamJobSpec;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How a stream job's topics and clients are configured for the broker or cluster it runs on: the
 * replication factor and {@code min.insync.replicas} of every topic the job creates (by Millrace or
 * by Kafka Streams), and producers that write with {@code acks=all} and idempotence, so that a
 * record acknowledged by the cluster survives the loss of any {@code replicationFactor -
 * minInsyncReplicas} brokers.
 *
 * <p>Unset (0) settings leave the broker's defaults: {@code default.replication.factor} and
 * {@code min.insync.replicas}, which are 1 on the embedded broker and 3 and 2 on
 * {@code millrace kafka start --brokers 3}.
 */
public final class ClusterConfig {
  private ClusterConfig() {}

  /** {@code topics} with the job's replication factor and {@code min.insync.replicas}. */
  public static List<TopicSpec> replicated(StreamJobSpec spec, List<TopicSpec> topics) {
    return topics.stream().map(t -> t.replicated(spec.replicationFactor(), spec.minInsyncReplicas())).toList();
  }

  /** The job's input topic as {@code millrace produce} or {@code millrace stream --produce} creates it when absent. */
  public static TopicSpec inputTopic(StreamJobSpec spec) {
    return replicated(spec, List.of(new TopicSpec(spec.topic(), spec.partitions()))).get(0);
  }

  /**
   * Topic {@code topic} as a producer creates it when absent: with the replication settings of
   * {@code job} (the stream job that reads it), or the broker's defaults when {@code job} is null.
   */
  public static TopicSpec topic(String topic, int partitions, StreamJobSpec job) {
    TopicSpec t = new TopicSpec(topic, partitions);
    return job == null ? t : t.replicated(job.replicationFactor(), job.minInsyncReplicas());
  }

  /**
   * Sets the replication of Kafka Streams' internal topics (changelogs, repartition topics) and the
   * durability of its producers in {@code streamsProps}.
   */
  public static void applyTo(StreamJobSpec spec, Properties streamsProps) {
    // -1: the broker's default.replication.factor
    streamsProps.put(StreamsConfig.REPLICATION_FACTOR_CONFIG,
        String.valueOf(spec.replicationFactor() > 0 ? spec.replicationFactor() : -1));
    if (spec.minInsyncReplicas() > 0) {
      streamsProps.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
          String.valueOf(spec.minInsyncReplicas()));
    }
    // exactly_once_v2 implies both; at_least_once gets them too, so an acknowledged output or dead
    // letter is on min.insync.replicas brokers and a retried send is not written twice
    streamsProps.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
    streamsProps.put(StreamsConfig.producerPrefix(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG), "true");
  }
}
