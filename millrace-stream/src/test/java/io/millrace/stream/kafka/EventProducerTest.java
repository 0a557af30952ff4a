package io.millrace.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The producer against a broker that is down at first: nothing lost, nothing duplicated, order kept. */
class EventProducerTest {
  @TempDir Path dir;

  @Test
  void buffersWhileTheBrokerIsDownAndForwardsEveryEventOnceWhenItIsBack() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    String bootstrap = "127.0.0.1:" + port;
    EventGenerator gen = EventGenerator.of(EventKind.USER_EVENTS, 11, 200, 0.02);
    List<GeneratedEvent> sent = new ArrayList<>();
    try (EventProducer producer = EventProducer.open(bootstrap, new TopicSpec("events", 3), dir.resolve("buffer"))) {
      assertThat(producer.online()).isFalse();
      send(producer, gen, 3000, sent);
      assertThat(producer.buffered()).isEqualTo(3000);
      assertThat(producer.acknowledged()).isZero();
      try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), port)) {
        assertThat(producer.drain(Duration.ofSeconds(60))).isTrue();
        assertThat(producer.online()).isTrue();
        assertThat(producer.buffered()).isZero();
        send(producer, gen, 1000, sent); // straight to the broker now
        assertThat(producer.drain(Duration.ofSeconds(30))).isTrue();
        assertThat(producer.acknowledged()).isEqualTo(4000);
        assertThat(producer.bufferedTotal()).isEqualTo(3000);

        List<ConsumerRecord<String, String>> got = consumeAll(kafka.bootstrapServers(), "events", 4000);
        assertThat(got).hasSize(4000);
        assertThat(got.stream().map(ConsumerRecord::value).sorted().toList())
            .isEqualTo(sent.stream().map(GeneratedEvent::json).sorted().toList());
        // per key, the topic holds the events in the order they were produced
        Map<String, List<String>> sentByKey = byKey(sent.stream().map(e -> new String[] {e.key(), e.json()}).toList());
        Map<String, List<String>> gotByKey = byKey(got.stream().map(r -> new String[] {r.key(), r.value()}).toList());
        sentByKey.remove(null);
        gotByKey.remove(null);
        assertThat(gotByKey).isEqualTo(sentByKey);
        assertThat(KafkaTopics.partitions(kafka.bootstrapServers(), List.of("events"))).containsEntry("events", 3);
      }
    }
  }

  private static void send(EventProducer producer, EventGenerator gen, int n, List<GeneratedEvent> sent) {
    for (int i = 0; i < n; i++) {
      GeneratedEvent e = gen.next();
      producer.send(e.keyBytes(), e.json().getBytes(StandardCharsets.UTF_8));
      sent.add(e);
    }
  }

  private static Map<String, List<String>> byKey(List<String[]> pairs) {
    Map<String, List<String>> out = new HashMap<>();
    pairs.forEach(p -> out.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p[1]));
    return out;
  }

  static List<ConsumerRecord<String, String>> consumeAll(String bootstrap, String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 30_000;
      while (out.size() < expected && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      consumer.poll(Duration.ofMillis(500)).forEach(out::add); // would catch duplicates beyond `expected`
    }
    return out;
  }
}
