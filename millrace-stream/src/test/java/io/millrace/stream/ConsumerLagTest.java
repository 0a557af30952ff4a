package io.millrace.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.stream.kafka.EmbeddedKafka;
import io.millrace.stream.kafka.TopicSpec;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live consumer lag read from a real embedded broker: committed offsets against end offsets, per partition. */
class ConsumerLagTest {
  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static final Duration TIMEOUT = Duration.ofMillis(1500);

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    kafka.createTopics(new TopicSpec("clicks", 2));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>("clicks", i % 2, null, "v" + i)).get();   // 5 per partition
      }
    }
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  static void commit(String group, Map<Integer, Long> offsets) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      Map<TopicPartition, OffsetAndMetadata> m = new java.util.HashMap<>();
      offsets.forEach((part, off) -> m.put(new TopicPartition("clicks", part), new OffsetAndMetadata(off)));
      admin.alterConsumerGroupOffsets(group, m).all().get();
    }
  }

  @Test
  void readsCommittedAgainstEndOffsetsPerPartition() throws Exception {
    commit("millrace-p-clicks", Map.of(0, 3L));
    ConsumerLag.Reading r = ConsumerLag.read(kafka.bootstrapServers(), "millrace-p-clicks", "clicks", TIMEOUT);
    assertThat(r.status()).as(r.toString()).isEqualTo(ConsumerLag.Status.OK);
    assertThat(r.group()).isEqualTo("millrace-p-clicks");
    assertThat(r.groupState()).isEqualToIgnoringCase("Empty");   // nobody consumes: the job is stopped
    assertThat(r.partitions()).containsExactly(new ConsumerLag.Partition(0, 3L, 5), new ConsumerLag.Partition(1, null, 5));
    assertThat(r.total()).isEqualTo(2 + 5);
  }

  @Test
  void fallsBackToTheNewestFromBeginningRunGroup() throws Exception {
    commit("millrace-p-views-20261130T045909108Z-0a1b", Map.of(0, 1L, 1, 1L));
    commit("millrace-p-views-20261130T050000000Z-ffff", Map.of(0, 5L, 1, 4L));
    commit("millrace-p-views-other", Map.of(0, 0L));   // another job's group, not a run of this one
    ConsumerLag.Reading r = ConsumerLag.read(kafka.bootstrapServers(), "millrace-p-views", "clicks", TIMEOUT);
    assertThat(r.status()).isEqualTo(ConsumerLag.Status.OK);
    assertThat(r.group()).isEqualTo("millrace-p-views-20261130T050000000Z-ffff");
    assertThat(r.total()).isEqualTo(1);
  }

  @Test
  void saysWhenNothingWasCommittedOrTheTopicIsMissing() {
    ConsumerLag.Reading none = ConsumerLag.read(kafka.bootstrapServers(), "millrace-p-nobody", "clicks", TIMEOUT);
    assertThat(none.status()).isEqualTo(ConsumerLag.Status.NO_GROUP);
    assertThat(none.total()).isNull();
    assertThat(none.partitions()).extracting(ConsumerLag.Partition::end).containsExactly(5L, 5L);
    ConsumerLag.Reading noTopic = ConsumerLag.read(kafka.bootstrapServers(), "millrace-p-clicks", "absent", TIMEOUT);
    assertThat(noTopic.status()).isEqualTo(ConsumerLag.Status.NO_TOPIC);
    assertThat(noTopic.message()).contains("absent");
  }

  @Test
  void anUnreachableBrokerAnswersWithinTheTimeout() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();   // closed again: nobody listens there
    }
    long t0 = System.nanoTime();
    ConsumerLag.Reading r = ConsumerLag.read("127.0.0.1:" + port, "g", "clicks", TIMEOUT);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.status()).isEqualTo(ConsumerLag.Status.UNREACHABLE);
    assertThat(r.message()).isNotBlank();
    assertThat(ms).isLessThan(TIMEOUT.toMillis() + 1500);   // the timeout plus creating the client
    assertThat(ConsumerLag.read("no-such-host.invalid:9092", "g", "clicks", TIMEOUT).status())
        .isEqualTo(ConsumerLag.Status.UNREACHABLE);
  }

  @Test
  void findsTheProjectsEmbeddedBrokerOnlyWhileItRuns() {
    assertThat(ConsumerLag.servers(null, dir)).contains(kafka.bootstrapServers());
    assertThat(ConsumerLag.servers("h:1", dir)).contains("h:1");
    assertThat(ConsumerLag.servers(null, dir.resolve("elsewhere"))).isEmpty();
  }
}
