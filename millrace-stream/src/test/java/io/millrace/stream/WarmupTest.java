package io.millrace.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millrace.api.stream.Processing;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.stream.kafka.EventGenerator;
import io.millrace.stream.kafka.EventKind;
import io.millrace.stream.kafka.GeneratedEvent;
import io.millrace.stream.kafka.KafkaTopics;
import io.millrace.stream.kafka.TopicSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The warm-up before a job consumes, on a real embedded broker: it runs the job's topology on
 * generated events, and leaves the job's topics, consumer group, state store and metrics as if it
 * had not run; the job's outputs are the same with and without it.
 */
class WarmupTest extends BrokerAndEngineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void warmupTouchesNoneOfTheJobsTopicsStateOrMetrics() throws Exception {
    StreamJobSpec job = StreamRunnerTest.job("warm_user_events", Processing.AT_LEAST_ONCE);
    Set<Path> tempBefore = warmupFolders();
    StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry(), job.name());
    Path state = dir.resolve("state-warm");
    try (StreamJob j = StreamJob.start(job, kafka.bootstrapServers(), "test-warm", state,
        StreamRunnerTest.USER_EVENT_RULES, metrics, 3000)) {
      Warmup w = j.warmup().orElseThrow();
      assertThat(w.events()).isEqualTo(3000);
      assertThat(w.outputs()).as("every warm-up event scored or dead-lettered, in memory").isEqualTo(3000);

      assertThat(metrics.snapshot().eventsIn()).isZero();
      assertThat(metrics.snapshot().outputs()).isZero();
      assertThat(StreamTestSupport.committed(kafka.bootstrapServers(), job.topic())).isZero();
      assertThat(StreamTestSupport.committed(kafka.bootstrapServers(), job.outputTopic())).isZero();
      assertThat(StreamTestSupport.committed(kafka.bootstrapServers(), job.deadLetterTopic())).isZero();
      assertThat(topicsWith("warmup")).as("no topic of the warm-up on the broker").isEmpty();
      for (String user : List.of("1", "2", "3", "17")) {
        assertThat(j.features(user)).as("user %s has no state", user).isEmpty();
      }
      assertThat(warmupFolders()).as("the warm-up's temporary state is gone").isEqualTo(tempBefore);

      // the job then counts exactly what it is sent
      StreamRunnerTest.produce(job, 400, 0.05);
      awaitIn(metrics, 400);
      assertThat(metrics.snapshot().eventsIn()).isEqualTo(400);
      assertThat(metrics.snapshot().outputs() + metrics.snapshot().deadLettered()).isEqualTo(400);
      assertThat(j.features("1")).isPresent();
      long count = ((Number) j.features("1").orElseThrow().get("event_count")).longValue();
      assertThat(count).as("user 1's events, none from the warm-up").isLessThan(400);
    }
  }

  @Test
  void outputsAreTheSameWithAndWithoutWarmup() throws Exception {
    StreamJobSpec warm = StreamRunnerTest.job("a_user_events", Processing.AT_LEAST_ONCE);
    StreamJobSpec cold = StreamRunnerTest.job("b_user_events", Processing.AT_LEAST_ONCE);
    List<GeneratedEvent> events = generated(5, 1500);
    send(warm, events);
    send(cold, events);
    Map<String, List<String>> warmOut = run(warm, 5000);
    Map<String, List<String>> coldOut = run(cold, 0);
    assertThat(warmOut.values().stream().mapToInt(List::size).sum()).isGreaterThan(1300);
    assertThat(warmOut).isEqualTo(coldOut);
  }

  @Test
  void aBacklogOfTenTimesTheWarmupOrMoreIsDrainedWithoutOne() throws Exception {
    StreamJobSpec job = StreamRunnerTest.job("backlog_user_events", Processing.AT_LEAST_ONCE);
    send(job, generated(9, 600));
    StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry(), job.name());
    Path state = dir.resolve("state-backlog");
    // 600 waiting: 10 x a 50-event warm-up (500) or more, so it is left out
    try (StreamJob j = StreamJob.start(job, kafka.bootstrapServers(), "test-backlog", state,
        StreamRunnerTest.USER_EVENT_RULES, metrics, 50)) {
      assertThat(j.warmup()).isEmpty();
      assertThat(j.skippedForBacklog()).hasValue(600);
      awaitIn(metrics, 600);
      assertThat(metrics.snapshot().outputs() + metrics.snapshot().deadLettered()).isEqualTo(600);
    }
    // the same group again: its offsets are committed, nothing waits, so it warms up
    try (StreamJob j = StreamJob.start(job, kafka.bootstrapServers(), "test-backlog", state,
        StreamRunnerTest.USER_EVENT_RULES, new StreamMetrics(new SimpleMeterRegistry(), job.name()), 50)) {
      assertThat(j.skippedForBacklog()).isEmpty();
      assertThat(j.warmup()).isPresent();
    }
    // a new group with a 100-event warm-up: 600 waiting is less than 1,000
    try (StreamJob j = StreamJob.start(job, kafka.bootstrapServers(), "test-backlog-new", dir.resolve("state-backlog-new"),
        StreamRunnerTest.USER_EVENT_RULES, new StreamMetrics(new SimpleMeterRegistry(), job.name()), 100)) {
      assertThat(j.skippedForBacklog()).isEmpty();
      assertThat(j.warmup().orElseThrow().events()).isEqualTo(100);
    }
  }

  /** {@code n} generated user events (50 users, 5% invalid) from generator seed {@code seed}. */
  private static List<GeneratedEvent> generated(long seed, int n) {
    List<GeneratedEvent> events = new ArrayList<>();
    EventGenerator gen = EventGenerator.of(EventKind.USER_EVENTS, seed, 50, 0.05);
    for (int i = 0; i < n; i++) {
      events.add(gen.next());
    }
    return events;
  }

  /** The same events, in the same order, to a job's input topic (created with the job's partitions). */
  private static void send(StreamJobSpec job, List<GeneratedEvent> events) {
    KafkaTopics.create(kafka.bootstrapServers(), List.of(new TopicSpec(job.topic(), job.partitions())));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (GeneratedEvent e : events) {
        producer.send(new ProducerRecord<>(job.topic(), e.keyBytes(), e.valueBytes()));
      }
      producer.flush();
    }
  }

  /** Runs a job over its topic's records; its outputs by key, in order, without processed_at. */
  private static Map<String, List<String>> run(StreamJobSpec job, long warmup) throws IOException, InterruptedException {
    StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry(), job.name());
    try (StreamJob j = StreamJob.start(job, kafka.bootstrapServers(), "test-" + job.name(), dir.resolve("state-" + job.name()),
        StreamRunnerTest.USER_EVENT_RULES, metrics, warmup)) {
      assertThat(j.warmup().isPresent()).isEqualTo(warmup > 0);
      awaitIn(metrics, 1500);
    }
    Map<String, List<String>> out = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records(job.outputTopic())) {
      ObjectNode o = (ObjectNode) JSON.readTree(r.value());
      o.remove("processed_at");
      out.computeIfAbsent(new String(r.key()), k -> new ArrayList<>()).add(o.toString());
    }
    return out;
  }

  private static void awaitIn(StreamMetrics metrics, long n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (metrics.snapshot().outputs() + metrics.snapshot().deadLettered() < n && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> records(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream().map(pi -> new TopicPartition(topic, pi.partition()))
          .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
      List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
      for (TopicPartition tp : parts) {   // partition by partition, each in offset order
        c.assign(List.of(tp));
        c.seekToBeginning(List.of(tp));
        long end = c.endOffsets(List.of(tp)).get(tp);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (c.position(tp) < end && System.nanoTime() < deadline) {
          c.poll(Duration.ofMillis(200)).forEach(all::add);
        }
      }
      return all;
    }
  }

  private static Set<String> topicsWith(String part) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      return admin.listTopics().names().get().stream().filter(t -> t.contains(part)).collect(Collectors.toSet());
    }
  }

  private static Set<Path> warmupFolders() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(f -> f.getFileName().toString().startsWith("millrace-warmup-")).collect(Collectors.toSet());
    }
  }
}
