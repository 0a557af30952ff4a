package io.millrace.api.stream;

import io.millrace.api.MillraceException;

/**
 * A value computed per event from the event's own fields, e.g. {@code hour(timestamp)},
 * {@code isodow(timestamp) - 1} (Monday = 0) or {@code event_type = 'purchase'}. Event fields may be
 * aggregated by name like raw fields; as features of an entity they hold the value of the entity's
 * latest event (by event time, ties to the later arrival), and a scored event carries its own.
 *
 * @param name field name, unique in its {@link FeatureSet}
 * @param expression SQL expression over the event's raw fields and event fields declared before it
 */
public record EventField(String name, String expression) {
  public EventField {
    FeatureSpec.identifier("event field", name);
    if (expression == null || expression.isBlank()) {
      throw MillraceException.user("Cannot define event field %s: the expression is empty", name);
    }
  }
}
