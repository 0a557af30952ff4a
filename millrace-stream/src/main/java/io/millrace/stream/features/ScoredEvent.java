package io.millrace.stream.features;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a stream job emits for each scored event.
 *
 * @param key the entity key
 * @param label the scorer's label
 * @param score the score
 * @param confidence the scorer's confidence in the label, in {@code [0, 1]}
 * @param features the features scored, in output order (values may be NULL)
 * @param eventTime the event's time
 * @param processedAt when the job scored it (wall clock)
 */
public record ScoredEvent(String key, String label, double score, double confidence,
                          Map<String, Object> features, Instant eventTime, Instant processedAt) {
  public ScoredEvent {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(processedAt, "processedAt");
    features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
  }

  /** Puts a score and its features together. */
  public static ScoredEvent of(String key, Score score, Map<String, Object> features,
                               Instant eventTime, Instant processedAt) {
    return new ScoredEvent(key, score.label(), score.score(), score.confidence(), features,
        eventTime, processedAt);
  }
}
