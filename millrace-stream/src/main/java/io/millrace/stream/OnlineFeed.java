package io.millrace.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.features.EntityKey;
import io.millrace.api.features.FeatureColumn;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.api.features.OnlineRow;
import io.millrace.api.features.OnlineStore;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.stream.Processing;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.quality.RowExpression;
import io.millrace.stream.internal.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Writes a stream job's feature updates to the online store as they happen, for each feature view
 * marked {@code online: true} whose source is {@code stream:<job>}.
 *
 * <p>Design notes. The job's topology is left as it is: the feed is a consumer of the job's output
 * topic (one record per processed event: the entity's features after the event), on its own thread,
 * in consumer group {@code millrace-<project>-<job>-online}. Each poll's records become one write
 * per view (the store keeps each entity's newest event time, so replays and reordering are
 * harmless), then the group's offsets are committed: at least once into an idempotent store, and a
 * restart resumes where the last run stopped. A view's column features are copied; its expression
 * features are evaluated in Java with DuckDB's semantics ({@link RowExpression}) over the job's key,
 * features and {@code _event_time}; an expression that fails on a record (a division of integers by
 * zero) gives NULL and is counted. {@link #close} reads the topic to its end first, so every event
 * the job processed before is in the store.
 */
public final class OnlineFeed implements AutoCloseable {
  /** How often the feed commits its positions at most. */
  static final Duration COMMIT_EVERY = Duration.ofSeconds(1);
  private final StreamJobSpec job;
  private final List<View> views;
  private final Map<String, LogicalType> types;
  private final LogicalType keyType;
  private final KafkaConsumer<String, byte[]> consumer;
  private final OnlineStore store;
  private final Thread thread;
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong failedExpressions = new AtomicLong();
  private volatile boolean stopping;
  private volatile long drainDeadline;
  private volatile RuntimeException error;

  private record View(FeatureViewSpec spec, List<String> names, List<Object> sources) {}

  private OnlineFeed(StreamJobSpec job, List<FeatureViewSpec> views, Map<String, LogicalType> featureTypes,
                     String bootstrapServers, String groupId, OnlineStore store) {
    this.job = job;
    this.store = store;
    this.keyType = job.field(job.key()).orElseThrow().type();
    this.types = new LinkedHashMap<>();
    types.put(job.key(), keyType);
    types.putAll(featureTypes);
    types.put(FeatureViewSpec.STREAM_TIMESTAMP, LogicalType.TIMESTAMPTZ);
    this.views = views.stream().map(this::bind).toList();
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        job.processing() == Processing.EXACTLY_ONCE_V2 ? "read_committed" : "read_uncommitted");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    // an update should reach the store in milliseconds, but not one fetch per produced batch: the
    // broker answers once 64 kB are there or after 20 ms (at 10,000 events/s about every 10 ms)
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
    p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(64 * 1024));
    p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000"); // find the output topic soon after the job creates it
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, job.name() + "-online-feed");
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "millrace-online-feed-" + job.name());
    thread.setDaemon(true);
    Background.lowPriority(thread);
  }

  /** The views a job feeds: {@code online: true} views with {@code source: stream:<job>}. */
  public static List<FeatureViewSpec> views(ProjectSpec project, StreamJobSpec job) {
    return project.features().views().values().stream()
        .filter(v -> v.online() && v.streamJob().filter(job.name()::equals).isPresent()).toList();
  }

  /**
   * Starts feeding the store, or returns null when no online view reads the job (the store is then
   * not opened).
   *
   * @param featureTypes the job's feature types ({@link StreamJob#featureTypes()})
   * @param store opens the store; the feed closes it
   * @throws MillraceException USER when a view's expression does not bind to the job's features
   */
  public static OnlineFeed start(ProjectSpec project, StreamJobSpec job, Map<String, LogicalType> featureTypes,
                                 String bootstrapServers, Supplier<OnlineStore> store) {
    return start(job, views(project, job), featureTypes, bootstrapServers,
        "millrace-" + project.name() + "-" + job.name() + "-online", store);
  }

  /** As {@link #start(ProjectSpec, StreamJobSpec, Map, String, Supplier)} for the given views and consumer group. */
  public static OnlineFeed start(StreamJobSpec job, List<FeatureViewSpec> views, Map<String, LogicalType> featureTypes,
                                 String bootstrapServers, String groupId, Supplier<OnlineStore> store) {
    if (views.isEmpty() || featureTypes == null) {
      return null;
    }
    OnlineStore s = store.get();
    OnlineFeed feed;
    try {
      feed = new OnlineFeed(job, views, featureTypes, bootstrapServers, groupId, s);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    feed.consumer.subscribe(List.of(job.outputTopic()));
    feed.thread.start();
    return feed;
  }

  /** Output records written to the store so far. */
  public long records() {
    return records.get();
  }

  /** Expression features that gave NULL because they failed on a record. */
  public long failedExpressions() {
    return failedExpressions.get();
  }

  /** Throws the feed's failure, if it failed. */
  public void check() {
    if (error != null) {
      throw error;
    }
  }

  /** Reads the output topic to its end (at most {@code timeout}), then stops and closes the store. */
  public void close(Duration timeout) {
    drainDeadline = System.nanoTime() + timeout.toNanos();
    stopping = true;
    try {
      thread.join(timeout.toMillis() + 10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      consumer.wakeup();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    store.close();
    check();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(60));
  }

  private void run() {
    try (consumer) {
      boolean pending = false;
      long nextCommit = System.nanoTime();
      while (true) {
        ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(50));
        if (!batch.isEmpty()) {
          write(batch);
          pending = true;
        }
        // positions are committed at most every COMMIT_EVERY (a synchronous round trip and an append
        // to the broker's offsets log per batch cost more than the batch): after a crash the feed
        // reads at most that much again, which the store absorbs (it keeps each key's newest event time)
        if (pending && System.nanoTime() - nextCommit >= 0) {
          consumer.commitSync();
          pending = false;
          nextCommit = System.nanoTime() + COMMIT_EVERY.toNanos();
        }
        if (stopping && (atEnd() || System.nanoTime() > drainDeadline)) {
          if (pending) {
            consumer.commitSync();
          }
          return;
        }
      }
    } catch (WakeupException e) {
      // close() gave up waiting for the drain
    } catch (RuntimeException e) {
      error = e instanceof MillraceException ? e : MillraceException.external(e,
          "Cannot write the features of stream job '%s' to the online store: %s", job.name(), e.getMessage());
    }
  }

  private boolean atEnd() {
    Set<TopicPartition> assigned = consumer.assignment();
    if (assigned.isEmpty()) {
      return true;
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(assigned, Duration.ofSeconds(10));
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private void write(ConsumerRecords<String, byte[]> batch) {
    Map<View, List<OnlineRow>> rows = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : newestPerKey(batch)) {
      Map<String, Object> record = record(r.value());
      Object key = record.get(job.key());
      Instant time = (Instant) record.get(FeatureViewSpec.STREAM_TIMESTAMP);
      if (key == null || time == null) {
        continue; // the job never outputs such a record (it dead-letters events without key or time)
      }
      for (View v : views) {
        Map<String, Object> values = new LinkedHashMap<>(v.names().size() * 2);
        for (int i = 0; i < v.names().size(); i++) {
          values.put(v.names().get(i), value(v.sources().get(i), record));
        }
        rows.computeIfAbsent(v, k -> new ArrayList<>()).add(new OnlineRow(EntityKey.of(key), time, values));
      }
    }
    rows.forEach((v, list) -> store.write(v.spec().name(), list));
    records.addAndGet(batch.count());
  }

  /**
   * Of each key's records in the batch, the one the store keeps (the newest event time; the later one
   * on equal times), chosen by the job's event-time header without parsing the others. A record
   * without that header (an older job's) is kept.
   */
  static List<ConsumerRecord<String, byte[]>> newestPerKey(ConsumerRecords<String, byte[]> batch) {
    Map<String, ConsumerRecord<String, byte[]>> newest = new LinkedHashMap<>();
    Map<String, Long> times = new HashMap<>();
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : batch) {
      Long t = r.key() == null ? null : io.millrace.stream.internal.JobProcessor.eventTime(r.headers());
      if (t == null) {
        out.add(r);
        continue;
      }
      Long before = times.get(r.key());
      if (before == null || t >= before) {
        times.put(r.key(), t);
        newest.remove(r.key());   // keep the batch order of the kept records
        newest.put(r.key(), r);
      }
    }
    out.addAll(newest.values());
    return out;
  }

  private Object value(Object source, Map<String, Object> record) {
    if (source instanceof String column) {
      return record.get(column);
    }
    try {
      return ((RowExpression) source).eval(record);
    } catch (MillraceException e) {
      failedExpressions.incrementAndGet();
      return null;
    }
  }

  /** An output record as a row: the key, the features by their declared types, {@code _event_time}. */
  private Map<String, Object> record(byte[] bytes) {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw MillraceException.internal(e, "Cannot read a record of %s: %s", job.outputTopic(), e.getMessage());
    }
    Map<String, Object> row = new HashMap<>();
    String key = n.path("key").asText(null);
    row.put(job.key(), key == null ? null : keyType == LogicalType.BIGINT || keyType == LogicalType.INTEGER
        ? Long.valueOf(key) : key);
    JsonNode features = n.path("features");
    features.fields().forEachRemaining(e -> row.put(e.getKey(), typed(e.getValue(), types.get(e.getKey()))));
    String t = n.path("event_time").asText(null);
    row.put(FeatureViewSpec.STREAM_TIMESTAMP, t == null ? null : instant(t));
    return row;
  }

  private static Object typed(JsonNode v, LogicalType type) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (type == null) {
      return v.isIntegralNumber() ? (Object) v.asLong() : v.isNumber() ? (Object) v.asDouble()
          : v.isBoolean() ? (Object) v.asBoolean() : v.asText();
    }
    return switch (type) {
      case INTEGER, BIGINT -> v.asLong();
      case DOUBLE -> v.asDouble();
      case DECIMAL -> v.decimalValue();
      case BOOLEAN -> v.asBoolean();
      case TIMESTAMPTZ -> instant(v.asText());
      case TIMESTAMP -> java.time.LocalDateTime.ofInstant(instant(v.asText()), java.time.ZoneOffset.UTC);
      default -> v.isNumber() ? (Object) v.numberValue() : v.asText();
    };
  }

  /** An ISO time with an offset, or without one (UTC). */
  private static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
    }
  }

  private View bind(FeatureViewSpec v) {
    List<String> names = new ArrayList<>();
    List<Object> sources = new ArrayList<>();
    for (FeatureColumn f : v.features()) {
      names.add(f.name());
      if (f.expression() == null) {
        if (!types.containsKey(f.name())) {
          throw MillraceException.user("Cannot feed feature view '%s' (%s) online: stream job '%s' has no feature '%s' "
              + "(features: %s)", v.name(), v.location(), job.name(), f.name(), String.join(", ", types.keySet()));
        }
        sources.add(f.name());
      } else {
        try {
          sources.add(RowExpression.parse(f.expression(), types));
        } catch (MillraceException e) {
          throw MillraceException.user("Cannot feed feature view '%s' (%s) online: feature '%s': %s", v.name(),
              v.location(), f.name(), e.getMessage());
        }
      }
    }
    return new View(v, names, sources);
  }
}
