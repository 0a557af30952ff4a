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
import io.millrace.stream.features.Scorer;
import io.millrace.stream.features.Scorers;

/** {@link FeatureLogic} over the features engine, with the job's scorer. */
public final class EngineFeatures implements FeatureLogic {
  private final FeatureEngine engine;
  private final Scorer scorer;

  public EngineFeatures(FeatureEngine engine, Scorer scorer) {
    this.engine = engine;
    this.scorer = scorer;
  }

  /** The job's features with its scorer (rules, or its model plug-in loaded from the class path). */
  public static EngineFeatures of(StreamJobSpec job) {
    FeatureEngine engine = engine(job);
    Scorer scorer = job.scoring() == null ? null
        : Scorers.create(job.scoring(), engine.types(), Thread.currentThread().getContextClassLoader());
    return new EngineFeatures(engine, scorer);
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
    if (scorer == null) {
      return null;
    }
    io.millrace.stream.features.Score s = scorer.score(features);
    return new Score(s.label(), s.score(), s.confidence());
  }
}
