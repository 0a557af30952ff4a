package io.millrace.stream.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.stream.FeatureLogic;
import io.millrace.stream.StreamMetrics;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds each valid event into its entity's state (a RocksDB store, changelogged, so a restart resumes
 * where it stopped), scores the entity and emits {@code {key, label, score, confidence, features,
 * event_time, processed_at}}.
 */
public final class FeatureProcessor extends ContextualProcessor<String, Routed, String, byte[]> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String storeName;
  private final FeatureLogic logic;
  private final StreamMetrics metrics;
  private KeyValueStore<String, byte[]> store;

  public FeatureProcessor(String storeName, FeatureLogic logic, StreamMetrics metrics) {
    this.storeName = storeName;
    this.logic = logic;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    super.init(context);
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, Routed> in) {
    Routed.Valid e = (Routed.Valid) in.value();
    byte[] state = logic.update(store.get(e.key()), e.record(), e.eventTime());
    store.put(e.key(), state);
    Map<String, Object> features = logic.values(state, e.eventTime());
    FeatureLogic.Score score = logic.score(features);
    ObjectNode out = JSON.createObjectNode();
    out.put("key", e.key());
    out.put("label", score == null ? null : score.label());
    if (score == null) {
      out.putNull("score");
      out.putNull("confidence");
    } else {
      out.put("score", score.score());
      out.put("confidence", score.confidence());
    }
    out.set("features", JSON.valueToTree(Json.plain(features)));
    out.put("event_time", Instant.ofEpochMilli(e.eventTime()).toString());
    long now = System.currentTimeMillis();
    out.put("processed_at", Instant.ofEpochMilli(now).toString());
    context().forward(new Record<>(e.key(), Json.bytes(out), in.timestamp()));
    metrics.output(now - e.ingestTime());
  }
}
