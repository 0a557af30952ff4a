package io.millrace.api.stream;

import io.millrace.api.MillraceException;

/**
 * A feature computed from other features of the same entity, e.g.
 * {@code total_value / greatest(event_count, 1)}.
 *
 * @param name feature name, unique in its {@link FeatureSet}
 * @param expression SQL expression over aggregate features and derived features declared before it
 */
public record DerivedFeature(String name, String expression) {
  public DerivedFeature {
    FeatureSpec.identifier("derived feature", name);
    if (expression == null || expression.isBlank()) {
      throw MillraceException.user("Cannot define derived feature %s: the expression is empty", name);
    }
  }
}
