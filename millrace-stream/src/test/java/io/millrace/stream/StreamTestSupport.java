package io.millrace.stream;

import io.millrace.api.spi.QueryResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What the stream tests read back: committed records of a topic, and feature rows by entity. */
final class StreamTestSupport {
  private StreamTestSupport() {}

  /** Committed records in a topic (read_committed), read to its end offsets within 90 s. */
  static long committed(String bootstrapServers, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream().map(pi -> new TopicPartition(topic, pi.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      long n = 0;
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
        n += c.poll(Duration.ofMillis(200)).count();
      }
      return n;
    }
  }

  /** Rows by {@code user_id}, each a column → value map with numbers as doubles (to compare engines' types). */
  static Map<Object, Map<String, Object>> byKey(QueryResult r) {
    Map<Object, Map<String, Object>> out = new HashMap<>();
    for (List<Object> row : r.rows()) {
      Map<String, Object> m = new HashMap<>();
      for (int i = 0; i < r.columns().size(); i++) {
        Object v = row.get(i);
        m.put(r.columns().get(i), v instanceof Number n ? (Object) n.doubleValue() : v);
      }
      out.put(m.get("user_id"), m);
    }
    return out;
  }
}
