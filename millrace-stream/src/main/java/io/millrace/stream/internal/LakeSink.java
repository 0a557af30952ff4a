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
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
 *
 * <p>Several instances of one job share the partitions: the sink is a member of the consumer group
 * {@code <application id>-lake} (it commits no offsets there either). A partition it is given is
 * read from the position recorded in the table; one taken away is committed first (a partition
 * lost without a revocation, its session having expired, is dropped uncommitted: its new owner
 * reads it again from the recorded position). See {@link LakeTable} for how several writers'
 * positions are merged.
 *
 * <p>A sink that stalls (a commit or the machine hanging) longer than {@code max.poll.interval.ms}
 * or its session timeout is a zombie: its partitions go to another instance while it still holds
 * their rows. Its commits are fenced (see {@link LakeTable}): whichever writer commits a partition
 * first wins, and the other drops its uncommitted rows of it and takes it over again from the
 * table's position (if the group still gives it to this sink; otherwise the next poll reports it
 * lost). No row is then in a table twice, and none is lost.
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
  private volatile boolean assignedOnce;
  private volatile long committedRows;
  private volatile long fenced;
  private volatile int owned;

  /** @param applicationId the job's application id: the sink's consumer group is {@code <it>-lake} */
  public LakeSink(StreamJobSpec job, String bootstrapServers, String applicationId, Warehouse warehouse,
                  Supplier<EngineSession> sessions, Path scratch, String runId, Map<String, LogicalType> featureTypes) {
    this(job, bootstrapServers, applicationId, warehouse, sessions, scratch, runId, featureTypes, null);
  }

  /**
   * @param maxStall how long the sink may go without polling before the group gives its partitions
   *     to the others ({@code max.poll.interval.ms}); null for Kafka's default (5 minutes)
   */
  public LakeSink(StreamJobSpec job, String bootstrapServers, String applicationId, Warehouse warehouse,
                  Supplier<EngineSession> sessions, Path scratch, String runId, Map<String, LogicalType> featureTypes,
                  Duration maxStall) {
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
    p.put(ConsumerConfig.GROUP_ID_CONFIG, applicationId + "-lake");
    // dynamic membership: a stopped sink leaves the group and the others take its partitions at once;
    // a killed one is given up after the session timeout
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
    if (maxStall != null) {
      p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(maxStall.toMillis()));
    }
    // only the partitions that move are revoked (committed) and assigned (resumed)
    p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class.getName());
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
   * Joins the sink's consumer group and waits (up to 60 s) for its first assignment: the partitions
   * given to it are read from where the table's snapshots stopped (for a topic feeding two tables,
   * the earlier of their two positions; the table that was further skips the records it already
   * holds).
   */
  public void resume() {
    consumer.subscribe(List.copyOf(byTopic.keySet()), new Rebalance());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!assignedOnce) {
      if (System.nanoTime() > deadline) {
        throw MillraceException.external(null, "Cannot start writing stream job '%s' to the warehouse: no partitions "
            + "assigned to its lake sink after 60 s", job.name());
      }
      pollOnce();
    }
  }

  /** Commits partitions before they go, resumes those that come from the positions in the tables. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> parts) {
      if (!parts.isEmpty()) {
        commit();
        forget(parts);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> parts) {
      forget(parts);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> parts) {
      take(parts);
      assignedOnce = true;
    }
  }

  /** Resumes partitions from the positions in the tables (a topic's are read from the earliest of its tables'). */
  private void take(Collection<TopicPartition> parts) {
    owned = consumer.assignment().size();
    Map<TopicPartition, Long> seek = new HashMap<>();
    for (LakeTable t : tables) {
      List<Integer> mine = parts.stream().filter(tp -> tp.topic().equals(t.topic())).map(TopicPartition::partition)
          .toList();
      if (mine.isEmpty()) {
        continue;
      }
      int count = consumer.partitionsFor(t.topic(), Duration.ofSeconds(30)).size();
      t.assign(mine, count, warehouse, session, scratch, runId)
          .forEach((p, at) -> seek.merge(new TopicPartition(t.topic(), p), at, Math::min));
    }
    seek.forEach(consumer::seek);
  }

  private void forget(Collection<TopicPartition> parts) {
    owned = (int) consumer.assignment().stream().filter(tp -> !parts.contains(tp)).count();
    for (LakeTable t : tables) {
      t.revoke(parts.stream().filter(tp -> tp.topic().equals(t.topic())).map(TopicPartition::partition).toList());
    }
  }

  /**
   * Takes the partitions a commit fenced off over again, in every table of their topic (the rows
   * buffered for them are dropped and read again from the tables' positions): those the group still
   * assigns to this sink; the others are forgotten (the next poll reports them lost).
   */
  private void retakeFenced() {
    Set<TopicPartition> fencedOff = new java.util.HashSet<>();
    for (LakeTable t : tables) {
      t.takeFenced().forEach(p -> fencedOff.add(new TopicPartition(t.topic(), p)));
    }
    if (fencedOff.isEmpty()) {
      return;
    }
    forget(fencedOff);
    Set<TopicPartition> assigned = consumer.assignment();
    take(fencedOff.stream().filter(assigned::contains).toList());
    fenced += fencedOff.size();
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

  /**
   * Reads until every partition assigned to this sink is at its end offset (as of when it was first
   * seen here), then commits.
   */
  public void drain(Duration timeout) {
    Map<TopicPartition, Long> end = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Set<TopicPartition> mine = consumer.assignment();
      List<TopicPartition> unknown = mine.stream().filter(tp -> !end.containsKey(tp)).toList();
      if (!unknown.isEmpty()) {
        end.putAll(consumer.endOffsets(unknown));
      }
      if (mine.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
        break;
      }
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
        retakeFenced();   // before the topic's other table commits rows of a fenced partition
      }
    }
  }

  /** Rows appended to append tables (events, windows) by this sink. */
  public long committedRows() {
    return committedRows;
  }

  /** Partitions the group assigns to this sink (as of its last rebalance). */
  public int ownedPartitions() {
    return owned;
  }

  /** Times a partition was fenced off this sink's commits because another writer had committed it (see the class comment). */
  public long fencedPartitions() {
    return fenced;
  }

  /** Rows of append tables this sink dropped uncommitted because another writer had committed their partitions. */
  public long fencedRows() {
    return tables.stream().mapToLong(LakeTable::fencedRows).sum();
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
