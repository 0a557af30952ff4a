package io.millrace.stream.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.stream.StreamField;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.api.stream.WindowAggregate;
import io.millrace.api.stream.WindowSpec;
import io.millrace.stream.EventCheck;
import io.millrace.stream.FeatureLogic;
import io.millrace.stream.StreamMetrics;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds a job's topology: input bytes → {@link JobProcessor} (parse, checks, per-entity state,
 * score) → dead letters to the dead-letter topic, scored events to the output topic (each carrying
 * its {@code <job>_events} row in a header) or, for a job without features, the rows to
 * {@code <job>.events}; and, from the same processor, per window
 * spec a windowed aggregate (grace from the spec, suppressed until the window closes) → the window
 * topic {@code <job>.window.<name>}, which the lake sink appends to {@code <job>_<name>}.
 */
public final class TopologyFactory {
  private TopologyFactory() {}

  /** The state store holding per-entity feature state. */
  public static String featureStore(StreamJobSpec job) {
    return job.name() + "-features";
  }

  /**
   * Valid events as {@code <job>_events} rows (see {@link EventRows}), read by the lake sink; only for
   * a job without features (a job with features carries each row in its output record's header
   * {@link JobProcessor#EVENT_HEADER}).
   */
  public static String eventsTopic(StreamJobSpec job) {
    return job.name() + ".events";
  }

  public static String windowTopic(StreamJobSpec job, WindowSpec w) {
    return job.name() + ".window." + w.name();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Topology build(StreamJobSpec job, EventCheck check, FeatureLogic logic, StreamMetrics metrics) {
    checkWindowFields(job);
    StreamsBuilder b = new StreamsBuilder();
    EventParser parser = new EventParser(job);
    KStream<byte[], byte[]> input = b.stream(job.topic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
        .withName("input"));
    WindowCheckTopology.attach(b, input, job, check.windowChecks(), metrics);
    List<String> windowNodes = job.windows().stream().map(w -> "window-" + w.name() + "-has-key").toList();
    KStream<String, Object> routed;
    if (logic != null) {
      // caching: a key updated many times between commits is written to RocksDB and its changelog once
      var store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(featureStore(job)),
          Serdes.String(), Serdes.ByteArray()).withCachingEnabled();
      // and the engine's states kept decoded between commits: each entity encoded once per commit
      var engine = JobProcessor.deferrable(logic);
      b.addStateStore(engine == null ? store : DeferredFeatureStore.builder(store, engine));
      routed = input.process(() -> new JobProcessor(parser, check, logic, featureStore(job), windowNodes, metrics),
          Named.as("job"), featureStore(job));
    } else {
      routed = input.process(() -> new JobProcessor(parser, check, null, null, windowNodes, metrics), Named.as("job"));
    }
    // the processor addresses these children by name; their values are the bytes it made
    Serde<Object> bytes = (Serde) Serdes.ByteArray();
    routed.to(job.deadLetterTopic(), Produced.with(Serdes.String(), bytes).withName(JobProcessor.DEAD));
    if (logic != null) {
      routed.to(job.outputTopic(), Produced.with(Serdes.String(), bytes).withName(JobProcessor.OUTPUTS));
    } else {
      routed.to(eventsTopic(job), Produced.with(Serdes.String(), bytes).withName(JobProcessor.EVENTS));
    }
    for (WindowSpec w : job.windows()) {
      window(job, w, (KStream) routed);
    }
    return b.build();
  }

  private static void window(StreamJobSpec job, WindowSpec w, KStream<String, Routed> valid) {
    WindowAccumulator acc = new WindowAccumulator(w);
    StreamField group = job.field(w.groupBy()).orElseThrow();
    String n = "window-" + w.name();
    // the first node: JobProcessor forwards every valid event (a Routed.Valid) to it by this name
    valid.filter((k, v) -> ((Routed.Valid) v).record().get(w.groupBy()) != null, Named.as(n + "-has-key"))
        .map((k, v) -> org.apache.kafka.streams.KeyValue.pair(
            String.valueOf(((Routed.Valid) v).record().get(w.groupBy())), acc.values(((Routed.Valid) v).record())),
            Named.as(n + "-values"))
        .groupByKey(Grouped.with(n, Serdes.String(), WindowAccumulator.serde()))
        .windowedBy(TimeWindows.ofSizeAndGrace(w.size(), w.grace()).advanceBy(w.advance()))
        .aggregate(acc::empty, (k, v, a) -> acc.add(v, a), Named.as(n + "-aggregate"),
            // in memory (changelogged): open windows live for size + grace only, and a persistent window
            // store opens and drops a RocksDB segment per minute of event time, which dominates when a
            // history is replayed hours of event time per second
            Materialized.<String, double[]>as(Stores.inMemoryWindowStore(job.name() + "-" + n,
                    w.size().plus(w.grace()), w.size(), false))
                .withKeySerde(Serdes.String()).withValueSerde(WindowAccumulator.serde()))
        .suppress(Suppressed.<org.apache.kafka.streams.kstream.Windowed<String>>untilWindowCloses(
            Suppressed.BufferConfig.unbounded()).withName(n + "-until-closed"))
        .toStream(Named.as(n + "-closed"))
        .map((wk, a) -> {
          ObjectNode row = Json.MAPPER.createObjectNode();
          putTyped(row, w.groupBy(), group.type(), wk.key());
          row.put("window_start", Instant.ofEpochMilli(wk.window().start()).toString());
          row.put("window_end", Instant.ofEpochMilli(wk.window().end()).toString());
          acc.write(a, row);
          return org.apache.kafka.streams.KeyValue.pair(wk.key(), Json.bytes(row));
        }, Named.as(n + "-row"))
        .to(windowTopic(job, w), Produced.with(Serdes.String(), Serdes.ByteArray()).withName(n + "-out"));
  }

  private static void putTyped(ObjectNode row, String name, LogicalType type, String value) {
    switch (type) {
      case INTEGER, BIGINT -> row.put(name, Long.parseLong(value));
      case DOUBLE -> row.put(name, Double.parseDouble(value));
      case BOOLEAN -> row.put(name, Boolean.parseBoolean(value));
      default -> row.put(name, value);
    }
  }

  /** Window sums, means and extremes are over numeric fields; count works on any field. */
  private static void checkWindowFields(StreamJobSpec job) {
    for (WindowSpec w : job.windows()) {
      if (job.field(w.groupBy()).isEmpty()) {
        throw MillraceException.user("Cannot plan stream job '%s': window %s groups by '%s', which is not one of its fields %s",
            job.name(), w.name(), w.groupBy(), job.fields().stream().map(StreamField::name).toList());
      }
      for (WindowAggregate a : w.aggregates()) {
        if (a.field() == null) {
          continue;
        }
        StreamField f = job.field(a.field()).orElseThrow(() -> MillraceException.user(
            "Cannot plan stream job '%s': window %s aggregate %s reads '%s', which is not one of its fields %s",
            job.name(), w.name(), a.name(), a.field(), job.fields().stream().map(StreamField::name).toList()));
        boolean numeric = f.type() == LogicalType.INTEGER || f.type() == LogicalType.BIGINT
            || f.type() == LogicalType.DOUBLE || f.type() == LogicalType.BOOLEAN;
        if (!numeric) {
          throw MillraceException.user("Cannot plan stream job '%s': window %s aggregate %s needs a numeric field, "
              + "and '%s' is %s", job.name(), w.name(), a.name(), a.field(), f.type().name().toLowerCase(java.util.Locale.ROOT));
        }
      }
    }
  }
}
