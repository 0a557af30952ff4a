package io.millrace.api.stream;

import io.millrace.api.MillraceException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The features of one entity kind: aggregates over its events, features derived from them, and
 * per-event fields. Names are unique across the three lists. Evaluation order: event fields (in
 * order), then aggregates, then derived features (in order).
 *
 * @param aggregates aggregate features
 * @param derived features computed from other features
 * @param eventFields values computed per event
 */
public record FeatureSet(List<FeatureSpec> aggregates, List<DerivedFeature> derived,
                         List<EventField> eventFields) {
  public FeatureSet {
    aggregates = aggregates == null ? List.of() : List.copyOf(aggregates);
    derived = derived == null ? List.of() : List.copyOf(derived);
    eventFields = eventFields == null ? List.of() : List.copyOf(eventFields);
    Set<String> seen = new HashSet<>();
    for (String name : names(aggregates, derived, eventFields)) {
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        throw MillraceException.user("Cannot define features: the name %s is declared twice", name);
      }
    }
  }

  /** Every feature name: event fields, aggregates, then derived features. */
  public List<String> names() {
    return names(aggregates, derived, eventFields);
  }

  private static List<String> names(List<FeatureSpec> aggregates, List<DerivedFeature> derived,
                                    List<EventField> eventFields) {
    List<String> names = new ArrayList<>();
    eventFields.forEach(f -> names.add(f.name()));
    aggregates.forEach(f -> names.add(f.name()));
    derived.forEach(f -> names.add(f.name()));
    return names;
  }
}
