package io.millrace.stream.features;

import java.util.Map;

/**
 * Scores one entity's features. The rules scorer ({@link RulesScorer}) implements it, and so may a
 * user's Java model: a public class with a public constructor taking a
 * {@link io.millrace.api.stream.ScoringSpec} or none, named by {@code modelClass} and found on the
 * class path ({@link Scorers#create}).
 *
 * <p>Implementations must be thread-safe: one instance scores every event of a job, possibly from
 * several stream threads.
 */
public interface Scorer {

  /**
   * Scores features (name to value, as {@link FeatureEngine#values} gives them: numbers, booleans,
   * text, NULLs).
   *
   * @throws io.millrace.api.MillraceException USER when the features cannot be scored (the event is
   *     then dead-lettered with the message)
   */
  Score score(Map<String, Object> features);
}
