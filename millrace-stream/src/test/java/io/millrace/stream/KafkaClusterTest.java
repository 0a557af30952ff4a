package io.millrace.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.stream.Processing;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.lake.IcebergWarehouse;
import io.millrace.stream.features.FeatureSql;
import io.millrace.stream.internal.EngineFeatures;
import io.millrace.stream.kafka.EventGenerator;
import io.millrace.stream.kafka.EventKind;
import io.millrace.stream.kafka.EventProducer;
import io.millrace.stream.kafka.KafkaCluster;
import io.millrace.stream.kafka.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream jobs on a local three-broker KRaft cluster ({@link KafkaCluster}: each broker a child
 * process), replication 3 and {@code min.insync.replicas} 2 (issue 11, point 6): a broker killed
 * with SIGKILL in the middle of an exactly-once replay loses and duplicates nothing, and two
 * instances of one job share the partitions of its input. In the {@code services} profile: it
 * starts three JVMs and takes about a minute.
 */
@Tag("services")
class KafkaClusterTest {
  static final int EVENTS = 20_000;
  @TempDir static Path dir;
  static KafkaCluster cluster;
  static DuckDbEngine engine;

  @BeforeAll
  static void start() {
    cluster = KafkaCluster.start(dir.resolve("kafka"), 3, 0);
    System.out.printf(Locale.ROOT, "3-broker cluster ready at %s in %.1f s%n", cluster.bootstrapServers(),
        cluster.startupTime().toMillis() / 1000.0);
    engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
  }

  @AfterAll
  static void stop() {
    if (engine != null) {
      engine.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static StreamJobSpec job(String name, int partitions) {
    StreamJobSpec j = StreamRunnerTest.job(name, Processing.EXACTLY_ONCE_V2);
    return new StreamJobSpec(j.name(), j.file(), j.topic(), j.key(), j.eventTime(), j.eventTimeFormat(), j.grace(),
        j.fields(), j.checks(), j.deadLetterTopic(), j.features(), j.scoring(), j.windows(), j.outputTopic(),
        j.commitInterval(), j.processing(), cluster.bootstrapServers(), partitions, 3, 2);
  }

  @Test
  void exactlyOnceReplayLosesAndDuplicatesNothingWhenABrokerIsKilled() throws Exception {
    StreamJobSpec job = job("failover", 3);
    EventGenerator gen = produce(job, EVENTS);
    long valid = EVENTS - gen.injectedTotal();
    assertThat(gen.injectedTotal()).isPositive();
    Path wh = dir.resolve("wh-" + job.name());
    StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry(), job.name());
    int victim;
    long killedAt;
    long stallMillis;
    try (IcebergWarehouse w = IcebergWarehouse.open(wh);
         StreamRunner r = StreamRunner.start(job, cluster.bootstrapServers(), "test-" + job.name(), dir.resolve("state"),
             StreamRunnerTest.USER_EVENT_RULES, metrics, w, engine::session, "run-" + job.name())) {
      assertReplicated(job);
      awaitIn(metrics, EVENTS / 5);
      // the broker leading the output topic's first partition: the job's transactions write there
      victim = leader(job.outputTopic(), 0);
      killedAt = metrics.snapshot().eventsIn();
      long t0 = System.nanoTime();
      cluster.kill(victim);
      // how long the job makes no progress after the kill (leadership moves once the controller
      // misses the dead broker's heartbeats), measured as the longest pause in events read
      long last = metrics.snapshot().eventsIn();
      long lastMove = System.nanoTime();
      long longest = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (metrics.snapshot().eventsIn() < EVENTS && System.nanoTime() < deadline) {
        r.check();
        long in = metrics.snapshot().eventsIn();
        long now = System.nanoTime();
        if (in != last) {
          longest = Math.max(longest, now - lastMove);
          last = in;
          lastMove = now;
        }
        Thread.sleep(20);
      }
      stallMillis = TimeUnit.NANOSECONDS.toMillis(longest);
      r.awaitProcessed(EVENTS, Duration.ofMillis(300), Duration.ofSeconds(120));
      System.out.printf(Locale.ROOT, "killed broker %d after %d of %d events; longest pause in progress after the "
          + "kill %.1f s; all processed %.1f s after the kill%n", victim, killedAt, EVENTS, stallMillis / 1000.0,
          (System.nanoTime() - t0) / 1e9);
    }
    assertThat(killedAt).as("killed in the middle of the run").isBetween((long) EVENTS / 5, EVENTS - 1L);
    assertThat(cluster.liveBrokers()).doesNotContain(victim).hasSize(2);
    // no event lost, none duplicated: committed outputs + dead letters = inputs
    long dead = StreamTestSupport.committed(cluster.bootstrapServers(), job.deadLetterTopic());
    long outputs = StreamTestSupport.committed(cluster.bootstrapServers(), job.outputTopic());
    assertThat(dead).as("dead letters = invalid events injected").isEqualTo(gen.injectedTotal());
    assertThat(outputs).as("one committed output per valid event").isEqualTo(valid);
    assertThat(dead + outputs).isEqualTo(EVENTS);
    // the final state: each event once in the lake, and per-entity features equal to those a batch
    // computation over the events gives
    try (IcebergWarehouse w = IcebergWarehouse.open(wh); EngineSession session = engine.session()) {
      for (String t : List.of(job.eventsTable(), job.featuresTable())) {
        session.registerTable(t, w.schema(t).orElseThrow(), w.files(t));
      }
      assertThat(session.query("SELECT count(*) FROM " + job.eventsTable()).scalar()).isEqualTo(valid);
      assertThat(session.query("SELECT count(DISTINCT (_partition, _offset)) FROM " + job.eventsTable()).scalar())
          .isEqualTo(valid);
      Map<Object, Map<String, Object>> stream = StreamTestSupport.byKey(session.query(
          "SELECT * EXCLUDE (_event_time) FROM " + job.featuresTable()));
      FeatureSql sql = FeatureSql.of(EngineFeatures.engine(job));
      Map<Object, Map<String, Object>> batch = StreamTestSupport.byKey(session.query(
          sql.latest(new FeatureSql.EventTable(job.eventsTable(), "user_id", "timestamp", "_offset"))));
      assertThat(stream.keySet()).hasSizeGreaterThan(50);
      assertThat(stream).isEqualTo(batch);
      assertThat(stream.values().stream().mapToLong(m -> ((Number) m.get("event_count")).longValue()).sum())
          .as("every valid event counted exactly once").isEqualTo(valid);
    }
  }

  @Test
  void twoInstancesShareThePartitionsOfTheInput() throws Exception {
    StreamJobSpec job = job("shared", 4);
    String appId = "test-" + job.name();
    StreamMetrics m1 = new StreamMetrics(new SimpleMeterRegistry(), job.name());
    StreamMetrics m2 = new StreamMetrics(new SimpleMeterRegistry(), job.name());
    try (StreamJob a = StreamJob.start(job, cluster.bootstrapServers(), appId, dir.resolve("state-a"),
             StreamRunnerTest.USER_EVENT_RULES, m1);
         StreamJob b = StreamJob.start(job, cluster.bootstrapServers(), appId, dir.resolve("state-b"),
             StreamRunnerTest.USER_EVENT_RULES, m2)) {
      // both members of the group hold tasks before the events come
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!(a.running() && b.running() && settled(a) && settled(b)) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      int n = 8000;
      EventGenerator gen = produce(job, n);
      deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (m1.snapshot().eventsIn() + m2.snapshot().eventsIn() < n && System.nanoTime() < deadline) {
        a.check();
        b.check();
        Thread.sleep(50);
      }
      deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (a.uncommitted() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      long in1 = m1.snapshot().eventsIn();
      long in2 = m2.snapshot().eventsIn();
      System.out.printf(Locale.ROOT, "instance a read %d events, instance b %d%n", in1, in2);
      assertThat(in1).as("instance a has partitions").isPositive();
      assertThat(in2).as("instance b has partitions").isPositive();
      assertThat(in1 + in2).as("each event read once by one of them").isEqualTo(n);
      assertThat(StreamTestSupport.committed(cluster.bootstrapServers(), job.outputTopic())
          + StreamTestSupport.committed(cluster.bootstrapServers(), job.deadLetterTopic())).isEqualTo(n);
      assertThat(StreamTestSupport.committed(cluster.bootstrapServers(), job.deadLetterTopic())).isEqualTo(gen.injectedTotal());
    }
  }

  /** Whether the instance reads at least one input partition (its lag metric exists). */
  private static boolean settled(StreamJob j) {
    return j.running() && !Double.isNaN(j.consumerLag());
  }

  private static void assertReplicated(StreamJobSpec job) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
          .filter(t -> t.startsWith(job.name()) || t.startsWith("test-" + job.name())).toList();
      // input, dead letters, scores (which carry the lake's events rows in a header), and Kafka Streams' changelogs
      assertThat(topics).hasSizeGreaterThanOrEqualTo(4).anyMatch(t -> t.endsWith("-changelog"));
      Map<String, TopicDescription> d = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
      d.values().forEach(t -> t.partitions().forEach(pi ->
          assertThat(pi.replicas()).as("replicas of %s-%d", t.name(), pi.partition()).hasSize(3)));
      List<ConfigResource> res = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
      Map<ConfigResource, Config> configs = admin.describeConfigs(res).all().get(30, TimeUnit.SECONDS);
      configs.forEach((r, c) -> assertThat(c.get("min.insync.replicas").value())
          .as("min.insync.replicas of %s", r.name()).isEqualTo("2"));
    }
  }

  private static int leader(String topic, int partition) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
          .partitions().get(partition).leader().id();
    }
  }

  private static void awaitIn(StreamMetrics m, long n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (m.snapshot().eventsIn() < n && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertThat(m.snapshot().eventsIn()).isGreaterThanOrEqualTo(n);
  }

  private static EventGenerator produce(StreamJobSpec job, int n) {
    EventGenerator gen = EventGenerator.of(EventKind.USER_EVENTS, 17, 300, 0.03);
    try (EventProducer p = EventProducer.open(cluster.bootstrapServers(),
        new TopicSpec(job.topic(), job.partitions()).replicated(3, 2), dir.resolve("buffer-" + job.name()))) {
      for (int i = 0; i < n; i++) {
        var e = gen.next();
        p.send(e.keyBytes(), e.valueBytes());
      }
      assertThat(p.drain(Duration.ofSeconds(120))).as("all events acknowledged").isTrue();
    }
    return gen;
  }
}
