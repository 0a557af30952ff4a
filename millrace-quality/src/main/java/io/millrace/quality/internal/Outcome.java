package io.millrace.quality.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an aggregate expectation observed and whether it passed.
 *
 * @param success verdict
 * @param observed the GE {@code observed_value} (JSON-friendly: numbers, strings, lists, maps)
 * @param details GE {@code details} (null for none)
 * @param extra other result entries
 */
public record Outcome(boolean success, Object observed, Map<String, Object> details, Map<String, Object> extra) {
  public static Outcome of(boolean success, Object observed) {
    return new Outcome(success, observed, null, new LinkedHashMap<>());
  }

  public Outcome withDetails(Map<String, Object> d) {
    return new Outcome(success, observed, d, extra);
  }
}
