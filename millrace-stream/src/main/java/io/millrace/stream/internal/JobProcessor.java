package io.millrace.stream.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.millrace.api.MillraceException;
import io.millrace.stream.EventCheck;
import io.millrace.stream.FeatureLogic;
import io.millrace.stream.StreamMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A job's whole per-event path in one processor: parse and type the input bytes once, check them,
 * fold the event into its entity's state (a RocksDB store, changelogged, so a restart resumes where
 * it stopped), score, and write. Each record goes to exactly one of: the dead-letter sink (does not
 * parse, fails its checks, or a value the feature logic refuses; the entity's state is then left as
 * it was); the output sink, as {@code {key, label, score, confidence, features, event_time,
 * processed_at}} carrying the event's {@code <job>_events} row in the header {@link #EVENT_HEADER}
 * (the lake sink reads it from there: one record per valid event instead of two); or, for a job
 * without features, the events sink as that row. Valid events also go, in memory, to each window's
 * first node.
 *
 * <p>Children are addressed by name ({@link #DEAD}, {@link #OUTPUTS}, {@link #EVENTS} and the window
 * nodes), so a record passes through no routing nodes.
 */
public final class JobProcessor extends ContextualProcessor<byte[], byte[], String, Object> {
  /** The dead-letter sink node. */
  public static final String DEAD = "dead-letters";
  /** The output sink node (jobs with features). */
  public static final String OUTPUTS = "outputs";
  /** The events sink node (jobs without features). */
  public static final String EVENTS = "events";
  /** The header of an output record that holds its event's {@code <job>_events} row (JSON). */
  public static final String EVENT_HEADER = "millrace.event";
  /**
   * The header of an output record holding its {@code event_time} as 8 bytes (epoch millis, big
   * endian), so a reader can pick each key's newest record without parsing the others.
   */
  public static final String EVENT_TIME_HEADER = "millrace.event_time";

  private final EventParser parser;
  private final EventCheck check;
  private final FeatureLogic logic;
  private final String storeName;
  private final List<String> windowNodes;
  private final StreamMetrics metrics;
  private final Json.Writer outputWriter = new Json.Writer();
  private final Json.Writer rowWriter = new Json.Writer();
  private KeyValueStore<String, byte[]> store;
  private DeferredFeatureStore deferred;   // set when the state writes are batched (see DeferredFeatureStore)
  private io.millrace.stream.features.FeatureEngine engine;

  /**
   * @param logic the feature logic, or null for a job without features
   * @param storeName its state store (ignored without features)
   * @param windowNodes the first node of each window's chain, which gets every valid event
   */
  public JobProcessor(EventParser parser, EventCheck check, FeatureLogic logic, String storeName,
                      List<String> windowNodes, StreamMetrics metrics) {
    this.parser = parser;
    this.check = check;
    this.logic = logic;
    this.storeName = storeName;
    this.windowNodes = windowNodes;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    if (logic != null) {
      store = context.getStateStore(storeName);
      if (deferrable(logic) != null) {
        engine = deferrable(logic);
        deferred = DeferredFeatureStore.of(store);
      }
    }
  }

  /**
   * The engine whose states a {@link DeferredFeatureStore} may keep decoded between commits, or null
   * when the logic works on bytes only (a plug-in) or its updates can fail half way.
   */
  static io.millrace.stream.features.FeatureEngine deferrable(FeatureLogic logic) {
    return logic instanceof EngineFeatures f && f.engine().atomicUpdates() ? f.engine() : null;
  }

  @Override
  public void process(Record<byte[], byte[]> in) {
    metrics.in();
    EventParser.Parsed p = parser.parse(in.value());
    List<String> failed = p.ok() ? check.failures(p.record()) : List.of();
    RecordMetadata m = context().recordMetadata().orElse(null);
    int partition = m == null ? -1 : m.partition();
    long offset = m == null ? -1 : m.offset();
    if (!p.ok() || !failed.isEmpty()) {
      String reason = p.ok() ? "failed " + failed.size() + " check(s)" : p.error();
      dead(in, reason, failed, m);
      return;
    }
    Routed.Valid e = new Routed.Valid(p.record(), p.key(), p.eventTimeMillis(), in.timestamp(), in.value(), partition, offset);
    if (logic == null) {
      context().forward(new Record<String, Object>(e.key(), EventRows.json(e, rowWriter), e.eventTime()), EVENTS);
    } else {
      Map<String, Object> features;
      if (deferred != null) {
        io.millrace.stream.features.FeatureState next;
        synchronized (deferred) {   // an interactive query may encode a pending state meanwhile
          io.millrace.stream.features.FeatureState current = deferred.state(e.key());
          if (engine.isLate(current, java.time.Instant.ofEpochMilli(e.eventTime()))) {
            dead(in, late(e), List.of(), m);
            return;
          }
          try {
            next = engine.update(current, e.record(), java.time.Instant.ofEpochMilli(e.eventTime()));
          } catch (MillraceException ex) {   // refused before the state was touched (atomicUpdates)
            dead(in, "features: " + ex.getMessage(), List.of(), m);
            return;
          }
          deferred.updated(e.key(), next);
        }
        features = engine.valuesForEvent(next, e.record());
      } else {
        byte[] state = store.get(e.key());
        if (logic.isLate(state, e.eventTime())) {
          dead(in, late(e), List.of(), m);
          return;
        }
        try {
          state = logic.update(state, e.record(), e.eventTime());
        } catch (MillraceException ex) {
          dead(in, "features: " + ex.getMessage(), List.of(), m);
          return;
        }
        store.put(e.key(), state);
        features = logic.eventValues(state, e.record());
      }
      FeatureLogic.Score score = logic.score(features);
      long now = System.currentTimeMillis();
      RecordHeaders headers = new RecordHeaders();
      headers.add(EVENT_HEADER, EventRows.json(e, rowWriter));
      headers.add(EVENT_TIME_HEADER, millis(e.eventTime()));
      context().forward(new Record<String, Object>(e.key(), output(e, score, features, now), e.eventTime(), headers), OUTPUTS);
      metrics.output(now - e.ingestTime());
    }
    if (!windowNodes.isEmpty()) {
      Record<String, Object> valid = new Record<>(e.key(), e, e.eventTime());
      for (String w : windowNodes) {
        context().forward(valid, w);
      }
    }
  }

  private static byte[] millis(long t) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) t;
      t >>= 8;
    }
    return b;
  }

  /** The event time in an output record's {@link #EVENT_TIME_HEADER}, or null when it has none. */
  public static Long eventTime(org.apache.kafka.common.header.Headers headers) {
    org.apache.kafka.common.header.Header h = headers.lastHeader(EVENT_TIME_HEADER);
    if (h == null || h.value() == null || h.value().length != 8) {
      return null;
    }
    long t = 0;
    for (byte x : h.value()) {
      t = (t << 8) | (x & 0xff);
    }
    return t;
  }

  /** Why a late event is dead-lettered: counting it would change features already emitted. */
  private String late(Routed.Valid e) {
    return "late: event time " + java.time.Instant.ofEpochMilli(e.eventTime()) + " is more than the grace period ("
        + (engine != null ? engine.grace() : "the job's grace") + ") before the entity's latest event";
  }

  private void dead(Record<byte[], byte[]> in, String reason, List<String> failed, RecordMetadata m) {
    metrics.deadLettered();
    byte[] letter = DeadLetters.of(reason, failed, m == null ? null : m.topic(), m == null ? -1 : m.partition(),
        m == null ? -1 : m.offset(), in.value());
    String key = in.key() == null ? null : new String(in.key(), StandardCharsets.UTF_8);
    context().forward(new Record<String, Object>(key, letter, in.timestamp()), DEAD);
  }

  private byte[] output(Routed.Valid e, FeatureLogic.Score score, Map<String, Object> features, long now) {
    JsonGenerator g = outputWriter.start();
    try {
      g.writeStartObject();
      g.writeStringField("key", e.key());
      if (score == null) {
        g.writeNullField("label");
        g.writeNullField("score");
        g.writeNullField("confidence");
      } else {
        g.writeStringField("label", score.label());
        g.writeNumberField("score", score.score());
        g.writeNumberField("confidence", score.confidence());
      }
      g.writeObjectFieldStart("features");
      Json.writeFields(g, features);
      g.writeEndObject();
      g.writeStringField("event_time", Times.iso(e.eventTime()));
      g.writeStringField("processed_at", Times.iso(now));
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return outputWriter.finish(g);
  }
}
