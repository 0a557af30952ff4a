package io.millrace.stream.internal;

import io.millrace.api.LogicalType;
import io.millrace.api.stream.StreamField;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.stream.FeatureLogic;
import io.millrace.stream.features.FeatureEngine;
import io.millrace.stream.features.FeatureState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** {@link FeatureLogic} over the features engine, with the job's scorer. */
public final class EngineFeatures implements FeatureLogic {
  private final FeatureEngine engine;
  private final Function<Map<String, Object>, Score> scorer;

  public EngineFeatures(FeatureEngine engine, Function<Map<String, Object>, Score> scorer) {
    this.engine = engine;
    this.scorer = scorer;
  }

  /** The engine for a job's features, bound to its fields and grace. */
  public static FeatureEngine engine(StreamJobSpec job) {
    Map<String, LogicalType> columns = new LinkedHashMap<>();
    for (StreamField f : job.fields()) {
      columns.put(f.name(), f.type());
    }
    return FeatureEngine.create(job.features(), columns, job.grace());
  }

  public FeatureEngine engine() {
    return engine;
  }

  @Override
  public byte[] update(byte[] state, Map<String, Object> event, long eventTimeMillis) {
    FeatureState s = state == null ? null : engine.fromBytes(state);
    return engine.toBytes(engine.update(s, event, Instant.ofEpochMilli(eventTimeMillis)));
  }

  @Override
  public Map<String, Object> values(byte[] state, long asOfMillis) {
    FeatureState s = engine.fromBytes(state);
    return asOfMillis == Long.MIN_VALUE ? engine.values(s) : engine.values(s, Instant.ofEpochMilli(asOfMillis));
  }

  @Override
  public Map<String, Object> eventValues(byte[] state, Map<String, Object> event) {
    return engine.valuesForEvent(engine.fromBytes(state), event);
  }

  @Override
  public Score score(Map<String, Object> features) {
    return scorer == null ? null : scorer.apply(features);
  }
}
