package io.millrace.stream.features;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One event's fields overlaid with its computed event fields, without copying the event: lookups
 * try the computed fields (few) first. Read-only except for {@link #set}.
 */
final class EventRow extends AbstractMap<String, Object> {
  private final Map<String, ?> event;
  private final List<BoundFeatures.Field> fields;
  private final Object[] values;
  private int computed;

  EventRow(Map<String, ?> event, List<BoundFeatures.Field> fields) {
    this.event = event;
    this.fields = fields;
    this.values = new Object[fields.size()];
  }

  /** Computes the event fields in declaration order (each may read the earlier ones). */
  EventRow compute() {
    for (int i = 0; i < values.length; i++) {
      values[i] = fields.get(i).expr().eval(this);
      computed = i + 1;
    }
    return this;
  }

  Object field(int i) {
    return values[i];
  }

  @Override
  public Object get(Object key) {
    for (int i = 0; i < computed; i++) {
      if (fields.get(i).name().equals(key)) {
        return values[i];
      }
    }
    return event.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    for (int i = 0; i < computed; i++) {
      if (fields.get(i).name().equals(key)) {
        return true;
      }
    }
    return event.containsKey(key);
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    Map<String, Object> copy = new HashMap<>(event);
    for (int i = 0; i < computed; i++) {
      copy.put(fields.get(i).name(), values[i]);
    }
    return copy.entrySet();
  }
}
