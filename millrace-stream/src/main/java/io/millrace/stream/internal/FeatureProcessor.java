package io.millrace.stream.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.millrace.api.MillraceException;
import io.millrace.stream.FeatureLogic;
import io.millrace.stream.StreamMetrics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds each valid event into its entity's state (a RocksDB store, changelogged, so a restart resumes
 * where it stopped), scores the entity and emits {@code {key, label, score, confidence, features,
 * event_time, processed_at}}. An event the feature logic refuses (a value an expression cannot use)
 * becomes a dead letter with that reason, and the entity's state is left as it was.
 */
public final class FeatureProcessor extends ContextualProcessor<String, Routed, String, Routed> {
  private final String storeName;
  private final String topic;
  private final FeatureLogic logic;
  private final StreamMetrics metrics;
  private final Json.Writer writer = new Json.Writer();
  private KeyValueStore<String, byte[]> store;

  public FeatureProcessor(String storeName, String topic, FeatureLogic logic, StreamMetrics metrics) {
    this.storeName = storeName;
    this.topic = topic;
    this.logic = logic;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    super.init(context);
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, Routed> in) {
    Routed.Valid e = (Routed.Valid) in.value();
    byte[] state;
    try {
      state = logic.update(store.get(e.key()), e.record(), e.eventTime());
    } catch (MillraceException ex) {
      metrics.deadLettered();
      context().forward(in.withValue(new Routed.Dead(DeadLetters.of("features: " + ex.getMessage(), List.of(), topic,
          e.partition(), e.offset(), e.raw()))));
      return;
    }
    store.put(e.key(), state);
    Map<String, Object> features = logic.eventValues(state, e.record());
    FeatureLogic.Score score = logic.score(features);
    long now = System.currentTimeMillis();
    byte[] out = output(e, score, features, now);
    context().forward(in.withValue(new Routed.Scored(e, out)));
    metrics.output(now - e.ingestTime());
  }

  private byte[] output(Routed.Valid e, FeatureLogic.Score score, Map<String, Object> features, long now) {
    JsonGenerator g = writer.start();
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
    return writer.finish(g);
  }
}
