package io.millrace.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millrace.api.LogicalType;
import io.millrace.api.features.EntityKey;
import io.millrace.api.features.FeatureColumn;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.api.features.OnlineRow;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.stream.Aggregation;
import io.millrace.api.stream.FeatureSet;
import io.millrace.api.stream.FeatureSpec;
import io.millrace.api.stream.Processing;
import io.millrace.api.stream.StreamField;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.features.online.RocksDbOnlineStore;
import io.millrace.lake.IcebergWarehouse;
import io.millrace.stream.kafka.EmbeddedKafka;
import io.millrace.stream.kafka.EventProducer;
import io.millrace.stream.kafka.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream job's feature updates reach the online store within milliseconds, on a real embedded
 * broker and a real RocksDB store read by a second (secondary) handle, as {@code millrace serve} reads it.
 */
class OnlineFeedTest {
  @TempDir Path dir;

  static StreamJobSpec job() {
    FeatureSet features = new FeatureSet(List.of(
        FeatureSpec.lifetime("event_count", Aggregation.COUNT, null),
        FeatureSpec.lifetime("total_value", Aggregation.SUM, "amount")), List.of(), List.of());
    return new StreamJobSpec("clicks", Path.of("clicks.yaml"), "clicks", "user_id", "ts", null, Duration.ofMinutes(5),
        List.of(new StreamField("user_id", List.of("user_id"), LogicalType.BIGINT),
            new StreamField("amount", List.of("amount"), LogicalType.DOUBLE),
            new StreamField("ts", List.of("ts"), LogicalType.TIMESTAMP)),
        List.of(), null, features, null, List.of(), null, Duration.ofMillis(500), Processing.AT_LEAST_ONCE, null, 1);
  }

  static FeatureViewSpec view() {
    return new FeatureViewSpec("live", "features/live.yaml:2:3", List.of("user_id"), "stream:clicks", null, null, null,
        List.of(new FeatureColumn("event_count", null), new FeatureColumn("avg_amount", "total_value / event_count")),
        true);
  }

  @Test
  void everyFeatureUpdateReachesTheStore() throws Exception {
    StreamJobSpec job = job();
    Path online = dir.resolve("online");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
         DuckDbEngine engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
         IcebergWarehouse wh = IcebergWarehouse.open(dir.resolve("wh"));
         StreamRunner runner = StreamRunner.start(job, kafka.bootstrapServers(), "online-test", dir.resolve("state"),
             r -> List.of(), new StreamMetrics(new SimpleMeterRegistry(), job.name()), wh, engine::session, "run-1");
         RocksDbOnlineStore reader = RocksDbOnlineStore.openReader(online, 0);
         EventProducer producer = EventProducer.open(kafka.bootstrapServers(), new TopicSpec(job.topic(), 1),
             dir.resolve("buffer"))) {
      OnlineFeed feed = OnlineFeed.start(job, List.of(view()), runner.job().featureTypes(), kafka.bootstrapServers(),
          "online-test-feed", () -> RocksDbOnlineStore.open(online));
      try {
        send(producer, 42, 10.0, "2026-01-01T10:00:00");
        OnlineRow first = await(reader, 42, r -> r != null);
        assertThat(first.values()).containsEntry("event_count", 1L).containsEntry("avg_amount", 10.0);
        assertThat(first.eventTime()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));

        send(producer, 42, 20.0, "2026-01-01T10:05:00");
        send(producer, 7, 1.0, "2026-01-01T10:06:00");
        OnlineRow second = await(reader, 42, r -> r != null && Long.valueOf(2).equals(r.values().get("event_count")));
        assertThat(second.values()).containsEntry("avg_amount", 15.0);
        assertThat(await(reader, 7, r -> r != null).values()).containsEntry("event_count", 1L);
      } finally {
        feed.close();
      }
      assertThat(feed.records()).isEqualTo(3);
      assertThat(feed.failedExpressions()).isZero();
      // positions are committed at most every second while running, and on close whatever was written:
      // a restarted feed starts after the three outputs
      assertThat(committed(kafka.bootstrapServers(), "online-test-feed", job.outputTopic())).isEqualTo(3);
    }
  }

  private static long committed(String bootstrap, String group, String topic) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
        java.util.Map.of("bootstrap.servers", bootstrap))) {
      var offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
          .mapToLong(e -> e.getValue().offset()).sum();
    }
  }

  @Test
  void ofEachKeysRecordsInABatchOnlyTheOneTheStoreKeepsIsRead() {
    var tp = new org.apache.kafka.common.TopicPartition("clicks.scores", 0);
    List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> in = List.of(
        rec(0, "42", 1000L), rec(1, "7", 5000L), rec(2, "42", 3000L), rec(3, "42", 2000L),   // 2000 is late
        rec(4, "7", 5000L), rec(5, "9", null));                                               // equal: the later
    var out = OnlineFeed.newestPerKey(new org.apache.kafka.clients.consumer.ConsumerRecords<>(java.util.Map.of(tp, in),
        java.util.Map.of()));
    assertThat(out).extracting(org.apache.kafka.clients.consumer.ConsumerRecord::offset).containsExactlyInAnyOrder(2L, 4L, 5L);
  }

  private static org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> rec(long offset, String key, Long millis) {
    var r = new org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>("clicks.scores", 0, offset, key, new byte[0]);
    if (millis != null) {
      r.headers().add(io.millrace.stream.internal.JobProcessor.EVENT_TIME_HEADER,
          java.nio.ByteBuffer.allocate(8).putLong(millis).array());
    }
    return r;
  }

  @Test
  void refusesAViewNamingAFeatureTheJobLacks() {
    FeatureViewSpec bad = new FeatureViewSpec("live", "features/live.yaml:2:3", List.of("user_id"), "stream:clicks", null,
        null, null, List.of(new FeatureColumn("event_cnt", null)), true);
    Path online = dir.resolve("online");
    assertThatThrownBy(() -> OnlineFeed.start(job(), List.of(bad), java.util.Map.of("event_count", LogicalType.BIGINT),
        "127.0.0.1:1", "g", () -> RocksDbOnlineStore.open(online)))
        .hasMessageContaining("feature view 'live'").hasMessageContaining("no feature 'event_cnt'");
    // the store it opened was closed again: a writer can open it
    RocksDbOnlineStore.open(online).close();
  }

  private static void send(EventProducer p, long user, double amount, String ts) {
    String json = "{\"user_id\": " + user + ", \"amount\": " + amount + ", \"ts\": \"" + ts + "\"}";
    p.send(Long.toString(user).getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    assertThat(p.drain(Duration.ofSeconds(30))).isTrue();
  }

  private static OnlineRow await(RocksDbOnlineStore reader, long user, Predicate<OnlineRow> ok) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      OnlineRow r = reader.read("live", List.of(EntityKey.of(user))).get(0);
      if (ok.test(r)) {
        return r;
      }
      assertThat(System.nanoTime()).as("user %d in the store within 60 s", user).isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
