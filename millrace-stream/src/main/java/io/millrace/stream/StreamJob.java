package io.millrace.stream;

import io.millrace.api.MillraceException;
import io.millrace.api.stream.Processing;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.api.stream.WindowSpec;
import io.millrace.stream.internal.EngineFeatures;
import io.millrace.stream.internal.TopologyFactory;
import io.millrace.stream.internal.TopologyWarmup;
import io.millrace.stream.kafka.ClusterConfig;
import io.millrace.stream.kafka.EventKind;
import io.millrace.stream.kafka.KafkaTopics;
import io.millrace.stream.kafka.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * One running stream job: its Kafka Streams topology (validation, dead letters, per-entity features
 * and scores, windows) on a broker. {@link #features} reads an entity's current features from the
 * job's state store (interactive query). Thread-safe.
 *
 * <p>Lifecycle: {@link #start} creates the job's topics if absent and blocks until the topology
 * runs; {@link #close} stops it, committing its progress (state stores stay on disk under
 * {@code stateDir}, so a restart resumes from them and their changelogs).
 */
public final class StreamJob implements AutoCloseable {
  private final StreamJobSpec spec;
  private final String bootstrapServers;
  private final String applicationId;
  private final EngineFeatures features;
  private final StreamMetrics metrics;
  private final KafkaStreams streams;
  /**
   * A warm-up is left out when at least this many input records per warm-up event are already
   * waiting for the job: they drain for seconds, compiling the per-event path as they go, and none
   * of them can be answered before the ones ahead of it, so a warm-up would only delay them all.
   */
  static final long BACKLOG_PER_WARMUP_EVENT = 10;
  private volatile Throwable failure;
  private Warmup warmup;
  private long skippedForBacklog = -1;

  private StreamJob(StreamJobSpec spec, String bootstrapServers, String applicationId, Path stateDir,
                    EventCheck check, StreamMetrics metrics) {
    this.spec = spec;
    this.bootstrapServers = bootstrapServers;
    this.applicationId = applicationId;
    this.metrics = metrics;
    this.features = spec.features() == null ? null : EngineFeatures.of(spec);
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, spec.processing() == Processing.EXACTLY_ONCE_V2
        ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, spec.processing() == Processing.EXACTLY_ONCE_V2 ? "100" : "1000");
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
    // wait briefly for every input partition to have data before picking the next record: records
    // are then taken in timestamp order across partitions, so a replayed history does not run one
    // partition minutes of event time ahead of another (the other's events would be late for windows)
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "1000");
    p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    p.put(StreamsConfig.producerPrefix("linger.ms"), "5");
    p.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
    // static membership: a job restarted after a crash takes its old place in the consumer group at
    // once, instead of waiting for the killed member's session to time out (45 s) before it may run
    p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId(applicationId, stateDir));
    // larger batches: fewer lz4 frames (each allocates its 64 kB buffers) and produce requests per record
    p.put(StreamsConfig.producerPrefix("batch.size"), "131072");
    ClusterConfig.applyTo(spec, p);   // replication of internal topics, acks=all
    this.streams = new KafkaStreams(TopologyFactory.build(spec, check, features, metrics), p);
  }

  /**
   * The job's static group member id: stable across restarts of this instance, distinct between
   * instances (two instances cannot share a state directory on one host; Kafka Streams locks it).
   */
  static String instanceId(String applicationId, Path stateDir) {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "localhost";
    }
    String where = host + ":" + stateDir.toAbsolutePath().normalize();
    return applicationId + "-" + java.util.UUID.nameUUIDFromBytes(where.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Starts a job and waits until it runs.
   *
   * @param applicationId the Kafka Streams application id (consumer group and internal topic prefix)
   * @param stateDir where RocksDB state lives
   * @throws MillraceException EXTERNAL when the broker is unreachable or the job does not start in time
   */
  public static StreamJob start(StreamJobSpec spec, String bootstrapServers, String applicationId, Path stateDir,
                                EventCheck check, StreamMetrics metrics) {
    return start(spec, bootstrapServers, applicationId, stateDir, check, metrics, 0);
  }

  /**
   * Starts a job and waits until it runs, after a warm-up of its per-event path on
   * {@code warmupEvents} generated events (0: none) through a copy of its topology in memory, which
   * touches none of the job's state, topics, tables or metrics ({@link #warmup()} tells what it did).
   * The warm-up is left out when {@link #BACKLOG_PER_WARMUP_EVENT} times {@code warmupEvents} input
   * records or more are already waiting for the job's consumer group ({@link #skippedForBacklog()}).
   *
   * @throws MillraceException EXTERNAL when the broker is unreachable or the job does not start in time
   */
  public static StreamJob start(StreamJobSpec spec, String bootstrapServers, String applicationId, Path stateDir,
                                EventCheck check, StreamMetrics metrics, long warmupEvents) {
    // the broker is asked only when there would be a warm-up (the generator makes this job's input)
    boolean couldWarm = warmupEvents > 0 && EventKind.of(spec).isPresent();
    long waiting = couldWarm ? waiting(spec, bootstrapServers, applicationId) : 0;
    boolean skip = couldWarm && waiting >= BACKLOG_PER_WARMUP_EVENT * warmupEvents;
    // before anything of the job exists: its first real events then run compiled code
    Warmup warmed = skip ? null : TopologyWarmup.run(spec, check, warmupEvents).orElse(null);
    KafkaTopics.create(bootstrapServers, topics(spec));
    StreamJob job = new StreamJob(spec, bootstrapServers, applicationId, stateDir, check, metrics);
    job.warmup = warmed;
    job.skippedForBacklog = skip ? waiting : -1;
    job.run();
    return job;
  }

  /** What the warm-up before the start did; empty when there was none. */
  public Optional<Warmup> warmup() {
    return Optional.ofNullable(warmup);
  }

  /**
   * The input records that were waiting for the job when it left its warm-up out for them; empty
   * when it did not (it warmed up, or was asked for no warm-up).
   */
  public java.util.OptionalLong skippedForBacklog() {
    return skippedForBacklog < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(skippedForBacklog);
  }

  /**
   * Input records waiting for consumer group {@code group}: past its committed offsets, or the whole
   * topic when it has none (it starts from the earliest record). 0 when the topic does not exist yet
   * or the broker does not answer within 2 s (starting the job then reports that).
   */
  static long waiting(StreamJobSpec spec, String bootstrapServers, String group) {
    ConsumerLag.Reading r = ConsumerLag.read(bootstrapServers, group, spec.topic(), Duration.ofSeconds(2));
    return switch (r.status()) {
      // another group's offsets (an earlier --from-beginning run's) say nothing of this one's
      case OK, NO_GROUP -> r.partitions().stream()
          .mapToLong(p -> group.equals(r.group()) ? p.lag() : p.end()).sum();
      case NO_TOPIC, UNREACHABLE -> 0;
    };
  }

  /** The topics a job reads and writes (created when absent). */
  public static List<TopicSpec> topics(StreamJobSpec spec) {
    List<TopicSpec> t = new ArrayList<>();
    t.add(ClusterConfig.inputTopic(spec));
    // Records the job writes carry their event time, which for a replayed history is far in the
    // past: with the broker's default (record) timestamps, time-based retention would delete them
    // at once. Log-append time makes retention count from when they were written.
    Map<String, String> appendTime = Map.of("message.timestamp.type", "LogAppendTime");
    t.add(new TopicSpec(spec.deadLetterTopic(), spec.partitions(), appendTime));
    if (spec.features() != null) {   // its output records carry the events' rows
      t.add(new TopicSpec(spec.outputTopic(), spec.partitions(), appendTime));
    } else {
      t.add(new TopicSpec(TopologyFactory.eventsTopic(spec), spec.partitions(), appendTime));
    }
    for (WindowSpec w : spec.windows()) {
      t.add(new TopicSpec(TopologyFactory.windowTopic(spec, w), spec.partitions(), appendTime));
    }
    if (WindowChecks.declared(spec)) {
      t.add(new TopicSpec(WindowChecks.topic(spec), spec.partitions(), appendTime));
    }
    return ClusterConfig.replicated(spec, t);
  }

  private void run() {
    streams.setUncaughtExceptionHandler(e -> {
      failure = e;
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING
          || System.nanoTime() > deadline) {
        streams.close(Duration.ofSeconds(10));
        throw MillraceException.external(null, "Cannot start stream job '%s' on %s: Kafka Streams is %s",
            spec.name(), bootstrapServers, streams.state());
      }
      sleep(50);
    }
    metrics.lag(this::consumerLag);
  }

  /**
   * Records not yet committed by the job (end offsets minus the job's committed offsets, over the
   * input topic and its internal repartition topics): 0 means every input record's outputs,
   * including window results, are written and its offset committed.
   *
   * @throws MillraceException EXTERNAL when the broker does not answer
   */
  public long uncommitted() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(p)) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
          .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      // the input topic and the job's internal repartition topics (window aggregates read those)
      Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
      for (int i = 0; i < partitions(admin); i++) {
        ask.put(new TopicPartition(spec.topic(), i), OffsetSpec.latest());
      }
      committed.keySet().forEach(tp -> ask.put(tp, OffsetSpec.latest()));
      long behind = 0;
      for (var e : admin.listOffsets(ask).all().get(30, TimeUnit.SECONDS).entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        behind += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
      }
      return behind;
    } catch (ExecutionException | TimeoutException e) {
      throw MillraceException.external(e, "Cannot read the progress of stream job '%s' on %s: %s", spec.name(),
          bootstrapServers, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw MillraceException.external(e, "Cannot read the progress of stream job '%s': interrupted", spec.name());
    }
  }

  private int partitions(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
    return admin.describeTopics(List.of(spec.topic())).allTopicNames().get(30, TimeUnit.SECONDS)
        .get(spec.topic()).partitions().size();
  }

  /** Records behind the end of the input topic, summed over the partitions this instance reads. */
  public double consumerLag() {
    double lag = 0;
    for (Map.Entry<MetricName, ? extends org.apache.kafka.common.Metric> e : streams.metrics().entrySet()) {
      MetricName n = e.getKey();
      if (n.name().equals("records-lag") && spec.topic().equals(n.tags().get("topic"))
          && e.getValue().metricValue() instanceof Double d && !d.isNaN()) {
        lag += d;
      }
    }
    return lag;
  }

  /**
   * An entity's current features from the job's state store, as of its latest event; empty when the
   * key has no state here (unknown, or held by another instance).
   *
   * @throws MillraceException USER when the job has no features; EXTERNAL while the store is not
   *     queryable (rebalancing)
   */
  public Optional<Map<String, Object>> features(String key) {
    if (features == null) {
      throw MillraceException.user("Cannot read features of stream job '%s': it declares none", spec.name());
    }
    try {
      ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
          TopologyFactory.featureStore(spec), QueryableStoreTypes.keyValueStore()));
      byte[] state = store.get(key);
      return state == null ? Optional.empty() : Optional.of(features.values(state, Long.MIN_VALUE));
    } catch (InvalidStateStoreException e) {
      throw MillraceException.external(e, "Cannot read features of '%s' from stream job '%s': its store is not "
          + "queryable now (%s)", key, spec.name(), e.getMessage());
    }
  }

  public StreamJobSpec spec() {
    return spec;
  }

  public StreamMetrics metrics() {
    return metrics;
  }

  /** The feature types (for the features table), or null when the job has no features. */
  public Map<String, io.millrace.api.LogicalType> featureTypes() {
    return features == null ? null : features.engine().types();
  }

  public boolean running() {
    return streams.state().isRunningOrRebalancing();
  }

  /**
   * Throws when the topology stopped on an error (a record it could not write, a lost broker).
   *
   * @throws MillraceException EXTERNAL with the cause
   */
  public void check() {
    if (failure != null || streams.state() == KafkaStreams.State.ERROR) {
      throw MillraceException.external(failure, "Cannot run stream job '%s': it stopped on an error: %s", spec.name(),
          failure == null ? streams.state() : failure.getMessage());
    }
  }

  @Override
  public void close() {
    // leave the consumer group: Kafka Streams does not by default, and a restarted job then waits a
    // whole session timeout (45 s) for the broker to give up on its old self before it gets its tasks
    streams.close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
        org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30)));
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw MillraceException.external(e, "Cannot wait for the stream job: interrupted");
    }
  }
}
