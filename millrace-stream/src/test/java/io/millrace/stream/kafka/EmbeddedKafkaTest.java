package io.millrace.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One broker directory, started twice: records and committed offsets survive the restart. */
class EmbeddedKafkaTest {
  @TempDir Path dir;

  @Test
  void keepsTopicsRecordsAndCommittedOffsetsAcrossRestart() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
      assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
      kafka.createTopics(new TopicSpec("events", 3));
      kafka.createTopics(new TopicSpec("events", 3)); // existing topics are left alone
      produce(kafka.bootstrapServers(), "events", 0, 10);
      assertThat(consume(kafka.bootstrapServers(), "events", "g1", 10)).hasSize(10);
      assertThatThrownBy(() -> EmbeddedKafka.start(dir, 0))
          .isInstanceOf(MillraceException.class)
          .hasMessageContaining("in use by another broker")
          .extracting(e -> ((MillraceException) e).kind()).isEqualTo(ErrorKind.EXTERNAL);
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
      assertThat(KafkaTopics.partitions(kafka.bootstrapServers(), List.of("events", "absent")))
          .isEqualTo(Map.of("events", 3));
      produce(kafka.bootstrapServers(), "events", 10, 5);
      // group g1 committed offset 10 before the restart, so it sees only the 5 new records
      assertThat(consume(kafka.bootstrapServers(), "events", "g1", 5))
          .containsExactlyInAnyOrder("v10", "v11", "v12", "v13", "v14");
      assertThat(consume(kafka.bootstrapServers(), "events", "g2", 15)).hasSize(15);
    }
  }

  @Test
  void refusesABusyPort() throws Exception {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> EmbeddedKafka.start(dir.resolve("busy"), socket.getLocalPort()))
          .isInstanceOf(MillraceException.class)
          .hasMessageContaining("127.0.0.1:" + socket.getLocalPort() + ": the port is in use");
    }
  }

  static void produce(String bootstrap, String topic, int from, int n) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (int i = from; i < from + n; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
      }
    }
  }

  static List<String> consume(String bootstrap, String topic, String group, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<String> out = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 15_000;
      while (out.size() < expected && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
      }
      // anything beyond `expected` would be a duplicate: poll once more to catch it
      consumer.poll(Duration.ofMillis(300)).forEach(r -> out.add(r.value()));
      consumer.commitSync();
    }
    return out;
  }
}
