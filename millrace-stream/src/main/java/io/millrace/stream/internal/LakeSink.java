package io.millrace.stream.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.Warehouse;
import io.millrace.api.stream.Processing;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.api.stream.WindowAggregate;
import io.millrace.api.stream.WindowSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Appends a job's topics to its warehouse tables in small commits: the output topic →
 * {@code <job>_features} (one row per key, latest) and, from each record's header
 * {@link JobProcessor#EVENT_HEADER}, {@code <job>_events} (for a job without features, from
 * {@code <job>.events}); {@code <job>.window.<w>} → {@code <job>_<w>}.
 *
 * <p>Exactly once into the lake: the sink commits no Kafka offsets. Each snapshot records the next
 * offset per partition of the rows it holds, and a restarted sink seeks to those; a crash between
 * two commits re-reads exactly the rows not yet committed. With {@code exactly_once_v2} it reads
 * committed transactions only. Runs on the calling thread ({@link #run}) until {@link #stop}.
 */
public final class LakeSink implements AutoCloseable {
  private final StreamJobSpec job;
  private final Warehouse warehouse;
  private final EngineSession session;
  private final Path scratch;
  private final String runId;
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<LakeTable> tables = new ArrayList<>();
  private final Map<String, List<LakeTable>> byTopic = new HashMap<>();
  private volatile boolean stopped;
  private volatile long committedRows;

  public LakeSink(StreamJobSpec job, String bootstrapServers, Warehouse warehouse, Supplier<EngineSession> sessions,
                  Path scratch, String runId, Map<String, LogicalType> featureTypes) {
    this.job = job;
    this.warehouse = warehouse;
    this.session = sessions.get();
    this.scratch = scratch;
    this.runId = runId;
    try {
      Files.createDirectories(scratch);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot create %s: %s", scratch, e.getMessage());
    }
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, job.processing() == Processing.EXACTLY_ONCE_V2 ? "read_committed" : "read_uncommitted");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    // Positions come from the snapshots (or 0). Should the broker answer a fetch with "out of range"
    // (a topic created a moment ago whose leader is not ready yet), start over from the beginning
    // rather than jump to the end: a reset must never skip rows.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, job.name() + "-lake-sink");
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    Map<String, LogicalType> featureCols = null;
    if (featureTypes != null) {
      featureCols = new LinkedHashMap<>();
      featureCols.put(job.key(), job.field(job.key()).orElseThrow().type());
      featureCols.putAll(featureTypes);
      featureCols.put("_event_time", LogicalType.TIMESTAMPTZ);
    }
    // a job with features carries each event's row in its output record's header: one topic, two tables
    if (featureCols == null) {
      add(new LakeTable(job.eventsTable(), TopologyFactory.eventsTopic(job), null, EventRows.schema(job), null, null));
    } else {
      add(new LakeTable(job.eventsTable(), job.outputTopic(), JobProcessor.EVENT_HEADER, EventRows.schema(job), null, null));
      add(new LakeTable(job.featuresTable(), job.outputTopic(), null, LakeTable.schemaOf(featureCols), job.key(),
          this::featureRow));
    }
    for (WindowSpec w : job.windows()) {
      Map<String, LogicalType> cols = new LinkedHashMap<>();
      cols.put(w.groupBy(), job.field(w.groupBy()).orElseThrow().type());
      cols.put("window_start", LogicalType.TIMESTAMPTZ);
      cols.put("window_end", LogicalType.TIMESTAMPTZ);
      for (WindowAggregate a : w.aggregates()) {
        cols.put(a.name(), a.function() == WindowAggregate.Function.COUNT ? LogicalType.BIGINT : LogicalType.DOUBLE);
      }
      String topic = TopologyFactory.windowTopic(job, w);
      add(new LakeTable(job.windowTable(w), topic, null, LakeTable.schemaOf(cols), null, null));
    }
    if (io.millrace.stream.WindowChecks.declared(job)) {
      String topic = io.millrace.stream.WindowChecks.topic(job);
      add(new LakeTable(io.millrace.stream.WindowChecks.table(job), topic, null,
          LakeTable.schemaOf(io.millrace.stream.WindowChecks.columns()), null, null));
    }
  }

  private void add(LakeTable t) {
    tables.add(t);
    byTopic.computeIfAbsent(t.topic(), k -> new ArrayList<>()).add(t);
  }

  /**
   * Assigns every partition of the job's topics and seeks to where the last snapshots stopped (for
   * a topic feeding two tables, the earlier of their two positions; the table that was further skips
   * the records it already holds).
   */
  public void resume() {
    List<TopicPartition> all = new ArrayList<>();
    Map<TopicPartition, Long> seek = new HashMap<>();
    for (LakeTable t : tables) {
      Map<Integer, Long> restored = t.restore(warehouse, session);
      for (PartitionInfo pi : consumer.partitionsFor(t.topic(), Duration.ofSeconds(30))) {
        TopicPartition tp = new TopicPartition(t.topic(), pi.partition());
        long at = restored.getOrDefault(pi.partition(), 0L);
        Long before = seek.put(tp, at);
        if (before == null) {
          all.add(tp);
        } else if (before < at) {
          seek.put(tp, before);
        }
      }
    }
    consumer.assign(all);
    seek.forEach(consumer::seek);
  }

  /** Polls and commits every {@code commit_interval} until {@link #stop}; commits what is buffered on the way out. */
  public void run() {
    long next = System.nanoTime() + job.commitInterval().toNanos();
    while (!stopped) {
      pollOnce();
      if (System.nanoTime() >= next) {
        commit(false);
        next = System.nanoTime() + job.commitInterval().toNanos();
      }
    }
    commit();
  }

  /** Reads until every assigned partition is at its end offset (as of this call), then commits. */
  public void drain(Duration timeout) {
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      if (System.nanoTime() > deadline) {
        throw MillraceException.external(null, "Cannot drain stream job '%s' into the warehouse: not at the end of its "
            + "topics after %s", job.name(), timeout);
      }
      pollOnce();
    }
    commit();
  }

  private void pollOnce() {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      if (r.value() != null) {   // the job writes none without a value
        for (LakeTable t : byTopic.get(r.topic())) {
          t.add(r);
        }
      }
    }
  }

  /** The features row of an output record. */
  private JsonNode featureRow(byte[] value) {
    String topic = job.outputTopic();
    try {
      JsonNode n = Json.MAPPER.readTree(value);
      ObjectNode row = Json.MAPPER.createObjectNode();
      String key = n.get("key").asText();
      switch (job.field(job.key()).orElseThrow().type()) {
        case INTEGER, BIGINT -> row.put(job.key(), Long.parseLong(key));
        default -> row.put(job.key(), key);
      }
      n.get("features").fields().forEachRemaining(e -> row.set(e.getKey(), e.getValue()));
      row.set("_event_time", n.get("event_time"));
      return row;
    } catch (IOException e) {
      throw MillraceException.internal(e, "Cannot read a record of %s: %s", topic, e.getMessage());
    }
  }

  /** Commits every table with new rows. */
  public void commit() {
    commit(true);
  }

  /** Commits the tables with new rows; unless {@code all}, only those due (see {@link LakeTable#due}). */
  private synchronized void commit(boolean all) {
    long now = System.nanoTime();
    for (LakeTable t : tables) {
      if (t.dirty() && (all || t.due(now))) {
        committedRows += t.commit(warehouse, session, scratch, runId);
      }
    }
  }

  /** Rows appended to append tables (events, windows) by this sink. */
  public long committedRows() {
    return committedRows;
  }

  public void stop() {
    stopped = true;
  }

  @Override
  public void close() {
    consumer.close();
    session.close();
  }
}
