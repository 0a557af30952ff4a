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
  /** Decoded states kept for the serialized arrays this object last produced; see {@link #decode}. */
  private static final int CACHED_STATES = 10_000;

  private final FeatureEngine engine;
  private final Scorer scorer;
  // Keys are compared by identity (arrays do not override equals): an entry is only found for the very
  // array update() returned, which the state store hands back while it holds it in its cache, so the
  // decoded state is exactly what those bytes say. Access order, bounded: the least recently used go.
  private final Map<byte[], FeatureState> decoded = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<byte[], FeatureState> eldest) {
      return size() > CACHED_STATES;
    }
  };

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
    FeatureState s = state == null ? null : take(state);
    FeatureState next = engine.update(s, event, Instant.ofEpochMilli(eventTimeMillis));
    byte[] bytes = engine.toBytes(next);
    synchronized (decoded) {
      decoded.put(bytes, next);
    }
    return bytes;
  }

  /**
   * The state {@code bytes} encode, decoded once per update rather than twice: the store hands back
   * the array the last update returned, and {@link #eventValues} reads the state just written.
   * {@link FeatureEngine#update} changes the state it is given in place, so an entry is taken out when
   * an update starts from it: the old array can never again map to the changed state.
   */
  private FeatureState take(byte[] bytes) {
    FeatureState s;
    synchronized (decoded) {
      s = decoded.remove(bytes);
    }
    return s != null ? s : engine.fromBytes(bytes);
  }

  private FeatureState decode(byte[] bytes) {
    FeatureState s;
    synchronized (decoded) {
      s = decoded.get(bytes);
    }
    return s != null ? s : engine.fromBytes(bytes);
  }

  @Override
  public boolean isLate(byte[] state, long eventTimeMillis) {
    return state != null && engine.isLate(decode(state), Instant.ofEpochMilli(eventTimeMillis));
  }

  @Override
  public Map<String, Object> values(byte[] state, long asOfMillis) {
    FeatureState s = decode(state);
    return asOfMillis == Long.MIN_VALUE ? engine.values(s) : engine.values(s, Instant.ofEpochMilli(asOfMillis));
  }

  @Override
  public Map<String, Object> eventValues(byte[] state, Map<String, Object> event) {
    return engine.valuesForEvent(decode(state), event);
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
