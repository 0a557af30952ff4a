package io.millrace.features.predict;

import io.millrace.api.MillraceException;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.features.OnlineFeatures;
import io.millrace.api.features.OnlineRequest;
import io.millrace.api.features.OnlineResponse;
import io.millrace.api.predict.Prediction;
import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.predict.Predictions;
import io.millrace.api.predict.Predictors;
import io.millrace.features.predict.internal.Scorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Online scoring behind {@code POST /predict/{name}}: the entity keys' latest feature values from the
 * online store ({@link OnlineFeatures}), then the model and the rules. A feature the store does not
 * have for an entity (not found, or older than its view's ttl) is missing: XGBoost routes it by its
 * learned default, a linear model uses the training mean.
 *
 * <p>Each predictor's model is loaded once and cached; the latest version is used unless pinned. The
 * store folder is looked at again at most every {@code refreshMillis}, so a new training is picked up
 * without a restart. Thread-safe: the cache is concurrent and scorers are thread-safe.
 */
public final class OnlineScorer implements Predictions {
  private final Predictors predictors;
  private final ModelStore store;
  private final OnlineFeatures features;
  private final Map<String, String> pinned;
  private final long refreshMillis;
  private final Map<String, Loaded> cache = new ConcurrentHashMap<>();

  private record Loaded(String version, Scorer scorer, long checkedAt) {}

  /**
   * @param pinned predictor name to the version to serve; others serve their latest
   * @param refreshMillis how often to look for a newer version (0: on every request)
   */
  public OnlineScorer(Predictors predictors, ModelStore store, OnlineFeatures features, Map<String, String> pinned,
                      long refreshMillis) {
    this.predictors = predictors;
    this.store = store;
    this.features = features;
    this.pinned = Map.copyOf(pinned);
    this.refreshMillis = refreshMillis;
  }

  /** Serves the latest versions, looking for newer ones every 5 s. */
  public OnlineScorer(Predictors predictors, ModelStore store, OnlineFeatures features) {
    this(predictors, store, features, Map.of(), 5_000);
  }

  @Override
  public Prediction predict(String predictor, Map<String, List<Object>> entities) {
    PredictorSpec spec = predictors.get(predictor);
    Scorer scorer = scorer(spec);
    List<FeatureRef> refs = scorer.manifest().features().stream().map(f -> FeatureRef.parse(f.ref())).toList();
    if (entities == null || entities.isEmpty()) {
      throw MillraceException.user("Cannot score with predictor '%s': no entity keys given", predictor);
    }
    OnlineResponse r = features.get(new OnlineRequest(refs, null, entities, false));
    int n = r.results().isEmpty() ? 0 : r.results().get(0).values().size();
    List<Map<String, Object>> rows = new ArrayList<>(n);
    List<Map<String, Object>> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(new HashMap<>());
      keys.add(new LinkedHashMap<>());
    }
    for (int c = 0; c < r.featureNames().size(); c++) {
      String name = r.featureNames().get(c);
      List<Object> values = r.results().get(c).values();
      boolean key = entities.containsKey(name);
      for (int i = 0; i < n; i++) {
        (key ? keys : rows).get(i).put(name, values.get(i));
      }
    }
    return new Prediction(predictor, scorer.manifest().version(), scorer.score(rows, keys));
  }

  private Scorer scorer(PredictorSpec spec) {
    long now = System.currentTimeMillis();
    Loaded l = cache.get(spec.name());
    if (l != null && (pinned.containsKey(spec.name()) || now - l.checkedAt() < refreshMillis)) {
      return l.scorer();
    }
    return cache.compute(spec.name(), (name, old) -> {
      Path dir = store.dir(name, pinned.get(name));
      String version = dir.getFileName().toString();
      if (old != null && old.version().equals(version)) {
        return new Loaded(version, old.scorer(), now);
      }
      return new Loaded(version, Scorer.load(spec, dir), now);
    }).scorer();
  }
}
