package io.millrace.api.stream;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.CheckSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stream job as declared in {@code streams/<name>.yaml}: JSON events from a Kafka topic are
 * flattened into typed fields, checked per event (failures and unparseable bytes go to the
 * dead-letter topic with their reason), turned into per-entity features and scores, aggregated per
 * event-time window, and appended to warehouse tables.
 *
 * @param name the job name (the file name without {@code .yaml}); a SQL identifier
 * @param file the spec file (for messages)
 * @param topic input topic
 * @param key the field holding the entity key (features are kept per key); producers should key
 *     records by it so one entity's events stay in one partition
 * @param eventTime the field holding the event time
 * @param eventTimeFormat {@code iso} (ISO-8601, the default), {@code epoch_millis},
 *     {@code epoch_seconds} or a {@link java.time.format.DateTimeFormatter} pattern (read as UTC)
 * @param grace allowed lateness of events for windows and trailing features
 * @param fields typed columns flattened from the JSON
 * @param checks expectation suites evaluated per event (row-level expectations only)
 * @param deadLetterTopic where invalid events go ({@code <name>.dlq} by default)
 * @param features per-entity features, or null for none
 * @param scoring how scored events get a score and label, or null (no output topic records)
 * @param windows windowed aggregates written to {@code <name>_<window>} tables
 * @param outputTopic where scored events go ({@code <name>.scores} by default)
 * @param commitInterval how often the lake sink commits to the warehouse
 * @param processing delivery guarantee
 * @param bootstrapServers a Kafka cluster, or null for the embedded broker
 * @param partitions partitions of the topics Millrace creates (input, dead letters, outputs)
 * @param replicationFactor replicas of every topic Millrace and Kafka Streams create for the job
 *     (input if absent, dead letters, outputs, lake topics, changelogs, repartition topics); 0 for
 *     the broker's {@code default.replication.factor} (always 1 on the embedded broker)
 * @param minInsyncReplicas {@code min.insync.replicas} of those topics: with {@code acks=all} a
 *     write succeeds once that many replicas have it; 0 for the broker's default
 */
public record StreamJobSpec(String name, Path file, String topic, String key, String eventTime,
                            String eventTimeFormat, Duration grace, List<StreamField> fields,
                            List<CheckSpec> checks, String deadLetterTopic, FeatureSet features,
                            ScoringSpec scoring,
                            List<WindowSpec> windows, String outputTopic, Duration commitInterval,
                            Processing processing, String bootstrapServers, int partitions,
                            int replicationFactor, int minInsyncReplicas) {
  public StreamJobSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(eventTime, "eventTime");
    eventTimeFormat = eventTimeFormat == null ? "iso" : eventTimeFormat;
    grace = grace == null ? Duration.ZERO : grace;
    fields = List.copyOf(fields);
    checks = List.copyOf(checks);
    windows = List.copyOf(windows);
    deadLetterTopic = deadLetterTopic == null ? name + ".dlq" : deadLetterTopic;
    outputTopic = outputTopic == null ? name + ".scores" : outputTopic;
    commitInterval = commitInterval == null ? Duration.ofSeconds(5) : commitInterval;
    processing = processing == null ? Processing.AT_LEAST_ONCE : processing;
    if (partitions < 1) {
      throw MillraceException.user("Cannot declare stream job '%s': partitions must be >= 1, found %d", name, partitions);
    }
    if (replicationFactor < 0) {
      throw MillraceException.user("Cannot declare stream job '%s': replication_factor must be >= 1, found %d", name,
          replicationFactor);
    }
    if (minInsyncReplicas < 0) {
      throw MillraceException.user("Cannot declare stream job '%s': min_insync_replicas must be >= 1, found %d", name,
          minInsyncReplicas);
    }
    if (replicationFactor > 0 && minInsyncReplicas > replicationFactor) {
      throw MillraceException.user("Cannot declare stream job '%s': min_insync_replicas (%d) cannot exceed "
          + "replication_factor (%d): no write could ever succeed", name, minInsyncReplicas, replicationFactor);
    }
    if (fields.stream().noneMatch(f -> f.name().equals(key))) {
      throw MillraceException.user("Cannot declare stream job '%s': key '%s' is not one of its fields %s",
          name, key, fields.stream().map(StreamField::name).toList());
    }
    if (scoring != null && features == null) {
      throw MillraceException.user("Cannot declare stream job '%s': scoring needs features", name);
    }
    if (fields.stream().noneMatch(f -> f.name().equals(eventTime))) {
      throw MillraceException.user("Cannot declare stream job '%s': event_time '%s' is not one of its fields %s",
          name, eventTime, fields.stream().map(StreamField::name).toList());
    }
  }

  /** A job with the broker's default replication factor and {@code min.insync.replicas}. */
  public StreamJobSpec(String name, Path file, String topic, String key, String eventTime,
                       String eventTimeFormat, Duration grace, List<StreamField> fields,
                       List<CheckSpec> checks, String deadLetterTopic, FeatureSet features,
                       ScoringSpec scoring,
                       List<WindowSpec> windows, String outputTopic, Duration commitInterval,
                       Processing processing, String bootstrapServers, int partitions) {
    this(name, file, topic, key, eventTime, eventTimeFormat, grace, fields, checks, deadLetterTopic, features, scoring,
        windows, outputTopic, commitInterval, processing, bootstrapServers, partitions, 0, 0);
  }

  /** This job on another cluster: {@code bootstrapServers}, replication factor and min ISR replaced. */
  public StreamJobSpec withKafka(String bootstrapServers, int replicationFactor, int minInsyncReplicas) {
    return new StreamJobSpec(name, file, topic, key, eventTime, eventTimeFormat, grace, fields, checks, deadLetterTopic,
        features, scoring, windows, outputTopic, commitInterval, processing, bootstrapServers, partitions,
        replicationFactor, minInsyncReplicas);
  }

  public Optional<StreamField> field(String column) {
    return fields.stream().filter(f -> f.name().equals(column)).findFirst();
  }

  /** Validated raw events: one row per valid event. */
  public String eventsTable() {
    return name + "_events";
  }

  /** Latest features: one row per entity key. */
  public String featuresTable() {
    return name + "_features";
  }

  public String windowTable(WindowSpec window) {
    return name + "_" + window.name();
  }

  /**
   * Columns of {@link #eventsTable()}: the fields with their types, then {@code _partition} INTEGER,
   * {@code _offset} BIGINT and {@code _ingested_at} TIMESTAMPTZ.
   */
  public TableSchema eventsSchema() {
    List<Column> cols = new java.util.ArrayList<>();
    fields.forEach(f -> cols.add(new Column(f.name(), f.type())));
    cols.add(new Column("_partition", LogicalType.INTEGER));
    cols.add(new Column("_offset", LogicalType.BIGINT));
    cols.add(new Column("_ingested_at", LogicalType.TIMESTAMPTZ));
    return new TableSchema(cols);
  }

  /**
   * Columns of {@link #windowTable}: the group-by field with its type, {@code window_start} and
   * {@code window_end} TIMESTAMPTZ, then each aggregate (BIGINT for {@code count}, else DOUBLE).
   */
  public TableSchema windowSchema(WindowSpec window) {
    List<Column> cols = new java.util.ArrayList<>();
    cols.add(new Column(window.groupBy(), field(window.groupBy()).map(StreamField::type).orElse(LogicalType.VARCHAR)));
    cols.add(new Column("window_start", LogicalType.TIMESTAMPTZ));
    cols.add(new Column("window_end", LogicalType.TIMESTAMPTZ));
    for (WindowAggregate a : window.aggregates()) {
      cols.add(new Column(a.name(), a.function() == WindowAggregate.Function.COUNT ? LogicalType.BIGINT : LogicalType.DOUBLE));
    }
    return new TableSchema(cols);
  }

  /**
   * The columns of a table this job writes, as declared: empty for {@link #featuresTable()} (its
   * types follow from the feature definitions, which the stream module compiles) and for a table the
   * job does not write.
   */
  public Optional<TableSchema> declaredSchema(String table) {
    if (table.equals(eventsTable())) {
      return Optional.of(eventsSchema());
    }
    return windows.stream().filter(w -> windowTable(w).equals(table)).findFirst().map(this::windowSchema);
  }

  /** Every warehouse table the job writes. */
  public List<String> tables() {
    List<String> out = new java.util.ArrayList<>();
    out.add(eventsTable());
    if (features != null) {
      out.add(featuresTable());
    }
    windows.forEach(w -> out.add(windowTable(w)));
    return out;
  }
}
