package io.millrace.stream.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.api.spi.EngineSession;
import io.millrace.stream.StreamMetrics;
import io.millrace.stream.WindowChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Judges a job's relation-level expectations per tumbling window of event time. Every event that
 * parses is buffered in a (changelogged) store under its window; when stream time — the largest
 * event time seen — passes a window's end plus the grace, the window's events are judged as one
 * relation ({@link WindowChecks#evaluate}), one result record per expectation is forwarded, and the
 * window is dropped. Events of a window already judged are late and not counted.
 *
 * <p>Runs on a single partition (the topology repartitions all events to one task), so a window
 * holds the events of every input partition. Buffer keys are the window start (sortable hex) and
 * the record's position in the repartition topic, so re-reading that topic after a crash buffers a
 * record once; with at-least-once, an input record processed twice upstream reaches it twice.
 */
public final class WindowCheckProcessor extends ContextualProcessor<byte[], byte[], String, byte[]> {
  private static final String STREAM_TIME = "~stream-time";
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private final EventParser parser;
  private final WindowChecks checks;
  private final String storeName;
  private final long size;
  private final long grace;
  private final StreamMetrics metrics;
  private KeyValueStore<String, byte[]> store;
  private EngineSession session;
  private long streamTime = Long.MIN_VALUE;

  public WindowCheckProcessor(EventParser parser, WindowChecks checks, String storeName, long graceMillis,
                              StreamMetrics metrics) {
    this.parser = parser;
    this.checks = checks;
    this.storeName = storeName;
    this.size = checks.window().toMillis();
    this.grace = graceMillis;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    super.init(context);
    store = context.getStateStore(storeName);
    byte[] t = store.get(STREAM_TIME);
    streamTime = t == null ? Long.MIN_VALUE : Long.parseLong(new String(t, java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public void process(Record<byte[], byte[]> in) {
    EventParser.Parsed p = parser.parse(in.value());
    if (!p.ok()) {
      return;   // not an event: dead-lettered by the validation branch, not part of any window
    }
    long start = Math.floorDiv(p.eventTimeMillis(), size) * size;
    if (start + size + grace <= streamTime) {
      metrics.windowCheckLate();
      return;
    }
    RecordMetadata m = context().recordMetadata().orElse(null);
    String position = m == null ? String.valueOf(System.nanoTime()) : m.partition() + ":" + m.offset();
    try {
      store.put(windowKey(start) + "|" + position, Json.MAPPER.writeValueAsBytes(Json.plain(p.record())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (p.eventTimeMillis() > streamTime) {
      streamTime = p.eventTimeMillis();
      store.put(STREAM_TIME, Long.toString(streamTime).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      closeWindows(in.timestamp());
    }
  }

  private void closeWindows(long timestamp) {
    List<String> keys = new ArrayList<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    long current = Long.MIN_VALUE;
    try (KeyValueIterator<String, byte[]> it = store.range(windowKey(Long.MIN_VALUE), windowKey(Long.MAX_VALUE))) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        long start = startOf(kv.key);
        if (start + size + grace > streamTime) {
          break;
        }
        if (start != current && !rows.isEmpty()) {
          judge(current, rows, timestamp);
          rows = new ArrayList<>();
        }
        current = start;
        keys.add(kv.key);
        rows.add(Json.MAPPER.readValue(kv.value, MAP));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!rows.isEmpty()) {
      judge(current, rows, timestamp);
    }
    keys.forEach(store::delete);
  }

  private void judge(long start, List<Map<String, Object>> rows, long timestamp) {
    if (session == null) {
      session = checks.engine().get();
    }
    for (ObjectNode r : checks.evaluate(session, start, start + size, rows)) {
      metrics.windowCheck(r.get("success").asBoolean());
      context().forward(new Record<>(r.get("window_start").asText(), Json.bytes(r), timestamp));
    }
  }

  /** Sortable: the window start with its sign bit flipped, as 16 hex digits. */
  static String windowKey(long start) {
    return String.format("%016x", start ^ Long.MIN_VALUE);
  }

  private static long startOf(String key) {
    return Long.parseUnsignedLong(key.substring(0, 16), 16) ^ Long.MIN_VALUE;
  }

  @Override
  public void close() {
    if (session != null) {
      session.close();
      session = null;
    }
  }
}
